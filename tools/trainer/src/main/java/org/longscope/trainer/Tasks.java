package org.longscope.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates training sequences on the fly: plain language modelling on windows of the training
 * text, and retrieval tasks in the chat format, worded like LongScope's synthetic benchmarks (the
 * pass key of landmark attention / LongLoRA and RULER's needles: word keys with number, word or UUID
 * values, one or several needles, at random depths of essay or repeated-noise text), with the
 * question at the end. The answer carries {@code answerWeight}; the rest of the sequence (the
 * instructions, the haystack with its repeated filler and needles, the question) carries
 * {@code contextWeight}, so a retrieval sequence is also language-modelling data: predicting
 * repeated filler and the needle's second mention of its key trains the copying that retrieval
 * needs, on every token instead of the answer's few.
 */
public final class Tasks {
    static final String PASSKEY_TASK = "There is an important info hidden inside a lot of irrelevant text. "
            + "Find it and memorize them. I will quiz you about the important information there.";
    static final List<String> FILLER = List.of("The grass is green.", "The sky is blue.", "The sun is yellow.",
            "Here we go.", "There and back again.");
    static final String PASSKEY_QUESTION = "What is the pass key?";
    static final String PASSKEY_PREFIX = "The pass key is";

    private final Corpus corpus;
    private final float contextWeight;
    private final float answerWeight;
    /** The training text as bytes, encoded once (every language-modelling sample cuts a window of it). */
    private final byte[] trainBytes;

    public Tasks(Corpus corpus, float contextWeight, float answerWeight) {
        this.corpus = corpus;
        this.contextWeight = contextWeight;
        this.answerWeight = answerWeight;
        this.trainBytes = ByteTokenizer.bytes(corpus.train());
    }

    /** A sequence of {@code length} tokens: retrieval with probability {@code retrievalShare}, else language modelling. */
    public Example sample(SplittableRandom r, int length, double retrievalShare) {
        return sample(r, length, retrievalShare, 0);
    }

    /**
     * A sequence of {@code length} tokens: retrieval with probability {@code retrievalShare}, a
     * repeated passage with probability {@code copyShare}, else language modelling.
     */
    public Example sample(SplittableRandom r, int length, double retrievalShare, double copyShare) {
        double kind = r.nextDouble();
        if (kind >= retrievalShare) {
            return kind < retrievalShare + copyShare ? repeatedPassage(r, length) : languageModel(r, length, trainBytes);
        }
        double pick = r.nextDouble();
        if (pick < 0.3) {
            return passkey(r, length);
        }
        if (pick < 0.65) {
            return niah(r, length, 1, 1);
        }
        if (pick < 0.85) {
            return niah(r, length, 2 + r.nextInt(3), 1);
        }
        return niah(r, length, 1, 2 + r.nextInt(2));
    }

    /** BOS and a window of {@code text} starting at a random byte; every next byte is predicted. */
    public static Example languageModel(SplittableRandom r, int length, String text) {
        return languageModel(r, length, ByteTokenizer.bytes(text));
    }

    private static Example languageModel(SplittableRandom r, int length, byte[] bytes) {
        int start = r.nextInt(Math.max(1, bytes.length - length));
        int[] tokens = new int[length];
        float[] weights = new float[length];
        tokens[0] = ByteTokenizer.BOS;
        for (int i = 1; i < length; i++) {
            int at = start + i - 1;
            tokens[i] = at < bytes.length ? bytes[at] & 0xFF : ByteTokenizer.PAD;
            weights[i] = at < bytes.length ? 1 : 0;
        }
        return new Example("lm", tokens, weights);
    }

    /**
     * A passage of training text, other text, then the passage again: every byte of the repeat can
     * be copied from the first occurrence, far back, which is the attention pattern (find the earlier
     * occurrence of the current context and copy what followed) that retrieval needs. Loss on every
     * byte, as language modelling.
     */
    Example repeatedPassage(SplittableRandom r, int length) {
        byte[] text = trainBytes;
        int passage = 16 + r.nextInt(Math.max(1, length / 4 - 16));
        int gap = length - 1 - 2 * passage - 2; // BOS, passage, newline, gap, newline, passage
        int a = r.nextInt(text.length - passage);
        int b = r.nextInt(text.length - gap);
        int[] tokens = new int[length];
        int n = 0;
        tokens[n++] = ByteTokenizer.BOS;
        for (int i = 0; i < passage; i++) {
            tokens[n++] = text[a + i] & 0xFF;
        }
        tokens[n++] = '\n';
        for (int i = 0; i < gap; i++) {
            tokens[n++] = text[b + i] & 0xFF;
        }
        tokens[n++] = '\n';
        for (int i = 0; i < passage; i++) {
            tokens[n++] = text[a + i] & 0xFF;
        }
        float[] weights = new float[length];
        java.util.Arrays.fill(weights, 1, length, 1f);
        return new Example("copy", tokens, weights);
    }

    /** The pass key in repeated filler text, as the passkey benchmark words it. */
    Example passkey(SplittableRandom r, int length) {
        int digits = r.nextDouble() < 0.7 ? 5 : 3 + r.nextInt(6);
        String key = number(r, digits);
        String needle = "The pass key is " + key + ". Remember it. " + key + " is the pass key.";
        String head = PASSKEY_TASK + "\n";
        String tail = "\n" + PASSKEY_QUESTION;
        int budget = length - fixedLength(head + "\n" + needle + "\n" + tail, PASSKEY_PREFIX, " " + key + ".");
        if (budget < 0) {
            return languageModel(r, length, trainBytes);
        }
        List<String> filler = new ArrayList<>();
        int used = 0;
        for (int i = 0; used + FILLER.get(i % FILLER.size()).length() + 1 <= budget; i++) {
            filler.add(FILLER.get(i % FILLER.size()));
            used += FILLER.get(i % FILLER.size()).length() + 1;
        }
        int before = (int) Math.round(filler.size() * r.nextDouble());
        String content = head + String.join(" ", filler.subList(0, before)) + "\n" + needle + "\n"
                + String.join(" ", filler.subList(before, filler.size())) + tail;
        return chat("passkey", length, content, PASSKEY_PREFIX, " " + key + ".");
    }

    /**
     * RULER's needle task: {@code keys} needles with distinct word keys (one value each), or one key
     * with {@code values} values; the question asks for one key's value(s).
     */
    Example niah(SplittableRandom r, int length, int keys, int values) {
        String valueType = switch (r.nextInt(3)) {
            case 0 -> "numbers";
            case 1 -> "words";
            default -> "uuids";
        };
        List<String> keyList = new ArrayList<>();
        List<String> needles = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = word(r);
            keyList.add(key);
            for (int v = 0; v < values; v++) {
                String value = switch (valueType) {
                    case "numbers" -> number(r, 7);
                    case "words" -> word(r);
                    default -> uuid(r);
                };
                needles.add("One of the special magic " + valueType + " for " + key + " is: " + value + ".");
                if (k == 0) {
                    answers.add(value);
                }
            }
        }
        String query = keyList.getFirst();
        String template = "Some special magic {type} are hidden within the following text. Make sure to memorize it. "
                + "I will quiz you about the {type} afterwards.\n";
        String question = "\nWhat are all the special magic {type} for {query} mentioned in the provided text?";
        String prefix = " The special magic {type} for {query} mentioned in the provided text are";
        String type = valueType;
        if (values == 1) {
            template = singular(template);
            question = singular(question);
            prefix = singular(prefix);
            type = valueType.substring(0, valueType.length() - 1);
        }
        String head = template.replace("{type}", type);
        String tail = question.replace("{type}", type).replace("{query}", query);
        prefix = prefix.replace("{type}", type).replace("{query}", query);
        String answer = " " + String.join(", ", answers) + ".";
        int needleBytes = 0;
        for (String n : needles) {
            needleBytes += ByteTokenizer.bytes(n).length + 1;
        }
        int budget = length - fixedLength(head + tail, prefix, answer) - needleBytes;
        if (budget < 0) {
            return passkey(r, length); // too short for these needles
        }
        boolean essay = r.nextDouble() < 0.7;
        List<String> hay = new ArrayList<>();
        int used = 0;
        int at = r.nextInt(corpus.sentences().size());
        for (int i = 0; ; i++) {
            String s = essay ? corpus.sentences().get((at + i) % corpus.sentences().size()) : FILLER.get(i % FILLER.size());
            int bytes = ByteTokenizer.bytes(s).length + 1;
            if (used + bytes > budget) {
                break;
            }
            hay.add(s);
            used += bytes;
        }
        // needles shuffled, each at its own random depth
        List<String> shuffled = new ArrayList<>(needles);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            shuffled.set(i, shuffled.set(j, shuffled.get(i)));
        }
        for (String n : shuffled) {
            hay.add(r.nextInt(hay.size() + 1), n);
        }
        String content = head + String.join(" ", hay) + tail;
        String kind = keys > 1 ? "niah_multikey" : values > 1 ? "niah_multivalue" : "niah_single";
        return chat(kind, length, content, prefix, answer);
    }

    /** niah.py's rewrite of the template when one value is asked. */
    static String singular(String template) {
        return template.replace("Some", "A").replace("are all", "is").replace("are", "is").replace("answers", "answer");
    }

    /** Bytes of a chat sequence besides its content's haystack: BOS, turn markers, prefix, answer, END. */
    private static int fixedLength(String contentWithoutHaystack, String prefix, String answer) {
        return 1 + 2 + ByteTokenizer.bytes(contentWithoutHaystack).length + 2 + 2
                + ByteTokenizer.bytes(prefix).length + ByteTokenizer.bytes(answer).length + 1;
    }

    private Example chat(String kind, int length, String content, String prefix, String answer) {
        return chat(kind, length, content, prefix, answer, contextWeight, answerWeight);
    }

    /**
     * The chat template's rendering of one user turn, the assistant turn opened with the answer
     * prefix, then the answer and END, padded to {@code length}: the answer and END weigh
     * {@code answerWeight}, every other predicted token up to them {@code contextWeight}.
     */
    static Example chat(String kind, int length, String content, String prefix, String answer, float contextWeight,
            float answerWeight) {
        int[] tokens = new int[length];
        float[] weights = new float[length];
        int n = 0;
        tokens[n++] = ByteTokenizer.BOS;
        tokens[n++] = ByteTokenizer.USER;
        tokens[n++] = '\n';
        for (byte b : ByteTokenizer.bytes(content)) {
            tokens[n++] = b & 0xFF;
        }
        tokens[n++] = ByteTokenizer.END;
        tokens[n++] = '\n';
        tokens[n++] = ByteTokenizer.ASSISTANT;
        tokens[n++] = '\n';
        for (byte b : ByteTokenizer.bytes(prefix)) {
            tokens[n++] = b & 0xFF;
        }
        java.util.Arrays.fill(weights, 1, n, contextWeight);
        int answerFrom = n;
        for (byte b : ByteTokenizer.bytes(answer)) {
            weights[n] = answerWeight;
            tokens[n++] = b & 0xFF;
        }
        weights[n] = answerWeight;
        tokens[n++] = ByteTokenizer.END;
        int answerTo = n;
        while (n < length) {
            tokens[n++] = ByteTokenizer.PAD;
        }
        return new Example(kind, tokens, weights, answerFrom, answerTo);
    }

    private String word(SplittableRandom r) {
        return corpus.adjectives().get(r.nextInt(corpus.adjectives().size())) + "-"
                + corpus.nouns().get(r.nextInt(corpus.nouns().size()));
    }

    static String number(SplittableRandom r, int digits) {
        long lower = (long) Math.pow(10, digits - 1);
        return Long.toString(lower + r.nextLong(9 * lower));
    }

    static String uuid(SplittableRandom r) {
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString().toLowerCase(Locale.ROOT);
    }
}
