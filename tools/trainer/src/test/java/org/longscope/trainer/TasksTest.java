package org.longscope.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated sequences: exact length, the answer retrievable from the context, loss on the answer only. */
class TasksTest {
    private static Corpus corpus;

    @BeforeAll
    static void load() {
        corpus = Corpus.load(RepositoryRoot.find(), 4);
    }

    @Test
    void heldOutTextIsNotTrainedOn() {
        assertTrue(corpus.heldOut().length() > 100_000);
        assertTrue(!corpus.train().contains(corpus.heldOut().substring(0, 2000)));
    }

    @Test
    void retrievalSequencesCarryTheirAnswerInTheContext() {
        Tasks tasks = new Tasks(corpus, 0.5f, 8);
        SplittableRandom r = new SplittableRandom(3);
        int retrieval = 0;
        for (int i = 0; i < 200; i++) {
            int length = new int[] {257, 513, 1025, 2049}[i % 4];
            Example e = tasks.sample(r, length, 0.8);
            assertEquals(length, e.tokens().length);
            assertEquals(0f, e.weights()[0]);
            if (e.kind().equals("lm")) {
                continue;
            }
            retrieval++;
            // the answer and END, right after the assistant turn's prefix, weigh 8; the context before 0.5, padding 0
            StringBuilder answer = new StringBuilder();
            int last = -1;
            for (int t = 1; t < length; t++) {
                float expected = e.isAnswer(t) ? 8 : t < e.answerFrom() ? 0.5f : 0;
                assertEquals(expected, e.weights()[t], "weight at " + t);
                if (e.isAnswer(t)) {
                    last = t;
                    if (e.tokens()[t] < 256) {
                        answer.append((char) e.tokens()[t]);
                    }
                }
            }
            assertEquals(ByteTokenizer.END, e.tokens()[last]);
            String text = decode(e.tokens(), last);
            int assistant = text.indexOf("<|assistant|>");
            assertTrue(assistant > 0, e.kind());
            String context = text.substring(0, assistant);
            String value = answer.toString().strip().replaceAll("\\.$", "").split(", ")[0];
            assertTrue(context.contains(value), e.kind() + ": answer " + value + " not in the context");
            assertTrue(context.strip().endsWith("?<|end|>"), e.kind() + ": the question ends the user turn");
        }
        assertTrue(retrieval > 100);
    }

    @Test
    void aRepeatedPassageEndsWithACopyOfItsBeginning() {
        Tasks tasks = new Tasks(corpus, 1, 8);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 50; i++) {
            int length = new int[] {257, 513, 1025, 2049}[i % 4];
            Example e = tasks.sample(r, length, 0, 1);
            assertEquals("copy", e.kind());
            assertEquals(length, e.tokens().length);
            // the last 16 bytes were seen before, within the first passage (at most a quarter of the length)
            int[] tail = java.util.Arrays.copyOfRange(e.tokens(), length - 16, length);
            boolean seen = false;
            for (int at = 1; at + 16 <= length / 4 + 1 && !seen; at++) {
                seen = java.util.Arrays.equals(tail, java.util.Arrays.copyOfRange(e.tokens(), at, at + 16));
            }
            assertTrue(seen, "the end repeats the passage: " + decode(e.tokens(), length));
        }
        // with no copy share the draws are those of retrieval and language modelling alone
        assertEquals(tasks.sample(new SplittableRandom(5), 513, 0.5).kind(),
                tasks.sample(new SplittableRandom(5), 513, 0.5, 0).kind());
    }

    @Test
    void recallsRestateAnEarlierNeedlesValueWithTheAnswerWeight() {
        Tasks tasks = new Tasks(corpus, 1, 8, 6);
        SplittableRandom r = new SplittableRandom(17);
        int recalls = 0;
        for (int i = 0; i < 200; i++) {
            int length = new int[] {513, 1025, 2049}[i % 3];
            Example e = tasks.sample(r, length, 1);
            assertEquals(length, e.tokens().length);
            int[] spans = e.answerSpans();
            for (int k = 2; k < spans.length; k += 2) {
                recalls++;
                int from = spans[k];
                int to = spans[k + 1];
                assertTrue(to <= e.answerFrom(), "a recall lies in the context, before the answer");
                for (int t = from; t < to; t++) {
                    assertEquals(8f, e.weights()[t], "recall weight at " + t);
                }
                // the recalled value was written before, in a needle or an earlier recall
                String values = decode(java.util.Arrays.copyOfRange(e.tokens(), from, to), to - from).strip();
                String before = decode(e.tokens(), from);
                for (String value : values.split(", ")) {
                    assertTrue(before.contains(value + "."), e.kind() + ": " + value);
                }
                // and in the answer prefix's words
                assertTrue(before.endsWith("The pass key is") || before.matches("(?s).*mentioned in the provided text (is|are)$"),
                        before.substring(Math.max(0, before.length() - 80)));
            }
        }
        assertTrue(recalls > 100, "recalls drawn: " + recalls);
        // a quarter of the sequence at most goes to recalls, so the haystack stays
        Example shortOne = new Tasks(corpus, 1, 8, 1000).passkey(new SplittableRandom(3), 513);
        assertTrue(shortOne.answerTokens() < 513 / 4, "recall tokens " + shortOne.answerTokens());
    }

    @Test
    void repeatedStringsAreWeightedOnTheirSecondCopyOnly() {
        Tasks tasks = new Tasks(corpus, 1, 8);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 30; i++) {
            int length = new int[] {257, 1025}[i % 2];
            Example e = tasks.sample(r, length, 0, 0, 1);
            assertEquals("repeat", e.kind());
            assertEquals(length, e.tokens().length);
            int[] spans = e.answerSpans();
            int previousEnd = 1;
            for (int k = 0; k < spans.length; k += 2) {
                int copy = spans[k];
                int end = spans[k + 1];
                int m = copy - previousEnd - 1; // the first copy, then a newline
                for (int t = previousEnd; t < copy; t++) {
                    assertEquals(0f, e.weights()[t], "first copy unweighted at " + t);
                }
                for (int t = copy; t < end; t++) {
                    assertEquals(1f, e.weights()[t]);
                    int offset = t - copy;
                    assertEquals(offset < m ? e.tokens()[previousEnd + offset] : '\n', e.tokens()[t], "copy at " + t);
                }
                previousEnd = end;
            }
            assertEquals(length, previousEnd, "blocks fill the sequence");
        }
    }

    @Test
    void taskWeightsChooseTheRetrievalTasks() {
        Tasks tasks = new Tasks(corpus, 1, 8).withTaskWeights(TrainerOptions.parse(
                new String[] {"--task-weights", "1,0,0,0"}).taskWeights());
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 20; i++) {
            assertEquals("passkey", tasks.sample(r, 1025, 1).kind());
        }
        var bad = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--task-weights", "1,0"}).taskWeights());
        assertTrue(bad.getMessage().startsWith("--task-weights: expected 4 non-negative numbers"), bad.getMessage());
    }

    @Test
    void aDepthPowerMovesPassKeysTowardTheStart() {
        double[] passkeysOnly = {1, 0, 0, 0};
        Tasks uniform = new Tasks(corpus, 1, 8).withTaskWeights(passkeysOnly);
        Tasks uniformByOption = new Tasks(corpus, 1, 8).withTaskWeights(passkeysOnly).withDepthPower(1);
        Tasks skewed = new Tasks(corpus, 1, 8).withTaskWeights(passkeysOnly).withDepthPower(2);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        SplittableRandom c = new SplittableRandom(5);
        double uniformDepth = 0;
        double skewedDepth = 0;
        int samples = 300;
        for (int i = 0; i < samples; i++) {
            Example plain = uniform.sample(a, 2049, 1);
            assertTrue(java.util.Arrays.equals(plain.tokens(), uniformByOption.sample(b, 2049, 1).tokens()),
                    "power 1 draws exactly the uniform depths");
            uniformDepth += needleDepth(plain);
            skewedDepth += needleDepth(skewed.sample(c, 2049, 1));
        }
        // U has mean 1/2, U^2 mean 1/3
        assertEquals(0.5, uniformDepth / samples, 0.06);
        assertEquals(1 / 3.0, skewedDepth / samples, 0.06);
        var bad = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--depth-power", "0"}));
        assertTrue(bad.getMessage().startsWith("--depth-power: expected a number in (0, 8]"), bad.getMessage());
    }

    /** Where the pass key's needle starts, as a share of the filler around it. */
    private static double needleDepth(Example e) {
        String text = decode(e.tokens(), e.tokens().length);
        int start = text.indexOf(Tasks.PASSKEY_TASK) + Tasks.PASSKEY_TASK.length();
        int needle = text.indexOf("The pass key is ");
        int end = text.indexOf(Tasks.PASSKEY_QUESTION);
        return (needle - start) / (double) (end - start);
    }

    @Test
    void aBadAttentionChunkIsRefusedNamingTheOption() {
        for (String bad : new String[] {"-1", "half"}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                    () -> TrainerOptions.parse(new String[] {"--attention-chunk", bad}));
            assertTrue(e.getMessage().startsWith("--attention-chunk: expected a non-negative integer, found '" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void badDataOptionsAreRefusedNamingTheOption() {
        var mismatch = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--lengths", "256,512", "--length-weights", "1,2,3"}));
        assertTrue(mismatch.getMessage().startsWith("--length-weights: expected one non-negative weight per --lengths entry (2)"),
                mismatch.getMessage());
        var malformed = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--length-weights", "4,x,2,1"}));
        assertTrue(malformed.getMessage().startsWith("--length-weights: expected comma-separated numbers"), malformed.getMessage());
        var share = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--copy-share", "lots"}).number("copy-share"));
        assertEquals("--copy-share: expected a number, found 'lots'", share.getMessage());
        var recalls = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--recalls", "-2"}).integer("recalls"));
        assertTrue(recalls.getMessage().startsWith("--recalls: expected a non-negative integer"), recalls.getMessage());
        var repeat = org.junit.jupiter.api.Assertions.assertThrows(org.longscope.api.InvalidInputException.class,
                () -> TrainerOptions.parse(new String[] {"--repeat-share", "half"}).number("repeat-share"));
        assertEquals("--repeat-share: expected a number, found 'half'", repeat.getMessage());
        // other --lengths without weights of their own get equal weights
        assertEquals(2, TrainerOptions.parse(new String[] {"--lengths", "256,512"}).lengthWeights().length);
    }

    private static String decode(int[] tokens, int end) {
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int t = 0; t < end; t++) {
            if (tokens[t] < 256) {
                bytes.write(tokens[t]);
            } else {
                sb.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
                sb.append(ByteTokenizer.SPECIALS.get(tokens[t] - 256));
            }
        }
        return sb.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }
}
