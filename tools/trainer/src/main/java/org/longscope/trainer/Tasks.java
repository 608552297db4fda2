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
    private final int maxRecalls;
    /** Relative frequency of pass keys, single needles, multi-key and multi-value needles among retrieval sequences. */
    private double[] taskWeights = {0.3, 0.35, 0.2, 0.15};
    /** Needle depths are drawn as U^depthPower of the context (U uniform): above 1, more needles far back. */
    private double depthPower = 1;
    /** The training text as bytes, encoded once (every language-modelling sample cuts a window of it). */
    private final byte[] trainBytes;

    public Tasks(Corpus corpus, float contextWeight, float answerWeight) {
        this(corpus, contextWeight, answerWeight, 0);
    }

    /**
     * With {@code maxRecalls} > 0 a retrieval sequence also restates its key's value, in the answer
     * prefix's words, at up to that many random places after the needle (the number drawn
     * uniformly): each recall is a retrieval whose value bytes carry the answer weight, so a
     * sequence trains several lookups at several distances instead of one.
     */
    public Tasks(Corpus corpus, float contextWeight, float answerWeight, int maxRecalls) {
        this.corpus = corpus;
        this.contextWeight = contextWeight;
        this.answerWeight = answerWeight;
        this.maxRecalls = maxRecalls;
        this.trainBytes = ByteTokenizer.bytes(corpus.train());
    }

    /** Sets the relative frequency of pass keys, single needles, multi-key and multi-value needles. */
    public Tasks withTaskWeights(double[] weights) {
        this.taskWeights = weights.clone();
        return this;
    }

    /**
     * Draws needle depths (0 = the start of the context) as U^power of the context instead of
     * uniformly: at 2 half the needles sit in the first quarter, the longest lookups back from the
     * question. At 1 (the default) the draws are exactly the uniform ones.
     */
    public Tasks withDepthPower(double power) {
        this.depthPower = power;
        return this;
    }

    /** A relative depth in [0, 1]: uniform, or skewed toward 0 by {@link #withDepthPower}. */
    private double depth(SplittableRandom r) {
        double u = r.nextDouble();
        return depthPower == 1 ? u : Math.pow(u, depthPower);
    }

    /** One of {@code slots} insertion points, 0 first: uniform (the draw it always was), or skewed like {@link #depth}. */
    private int slot(SplittableRandom r, int slots) {
        return depthPower == 1 ? r.nextInt(slots) : (int) Math.min(slots - 1, Math.floor(depth(r) * slots));
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
        return sample(r, length, retrievalShare, copyShare, 0);
    }

    /**
     * A sequence of {@code length} tokens: retrieval with probability {@code retrievalShare}, a
     * repeated passage with probability {@code copyShare}, repeated random strings with probability
     * {@code repeatShare}, else language modelling.
     */
    public Example sample(SplittableRandom r, int length, double retrievalShare, double copyShare, double repeatShare) {
        double kind = r.nextDouble();
        if (kind >= retrievalShare) {
            if (kind < retrievalShare + copyShare) {
                return repeatedPassage(r, length);
            }
            return kind < retrievalShare + copyShare + repeatShare ? repeatedStrings(r, length)
                    : languageModel(r, length, trainBytes);
        }
        double pick = r.nextDouble() * (taskWeights[0] + taskWeights[1] + taskWeights[2] + taskWeights[3]);
        if ((pick -= taskWeights[0]) < 0) {
            return passkey(r, length);
        }
        if ((pick -= taskWeights[1]) < 0) {
            return niah(r, length, 1, 1);
        }
        if ((pick -= taskWeights[2]) < 0) {
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

    /** Alphabets of the random strings: the characters of pass keys and numbers, UUIDs, and words. */
    private static final String[] ALPHABETS = {"0123456789", "0123456789abcdef", "abcdefghijklmnopqrstuvwxyz"};

    /**
     * Random strings, each written twice ({@code s \n s \n}), until the sequence is full; loss on
     * the second copies only. A string from a small alphabet is unpredictable except by finding
     * where the last few characters occurred before and copying what followed (one character
     * matches in many places, several in one), which is the lookup that retrieval needs, with no
     * language to fall back on. Lengths vary from 8 to half the sequence, so the copy distance
     * covers the whole context.
     */
    Example repeatedStrings(SplittableRandom r, int length) {
        int[] tokens = new int[length];
        float[] weights = new float[length];
        List<Integer> spans = new ArrayList<>();
        int n = 0;
        tokens[n++] = ByteTokenizer.BOS;
        while (n < length) {
            String alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
            int m = 8 + r.nextInt(Math.max(1, (length - 1) / 2 - 8));
            int[] s = new int[m];
            for (int i = 0; i < m; i++) {
                s[i] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            for (int i = 0; i < m && n < length; i++) {
                tokens[n++] = s[i];
            }
            if (n < length) {
                tokens[n++] = '\n';
            }
            int from = n;
            for (int i = 0; i < m && n < length; i++) {
                weights[n] = 1;
                tokens[n++] = s[i];
            }
            if (n < length) {
                weights[n] = 1;
                tokens[n++] = '\n';
            }
            spans.add(from);
            spans.add(n);
        }
        return new Example("repeat", tokens, weights, spans.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The pass key in repeated filler text, as the passkey benchmark words it. */
    Example passkey(SplittableRandom r, int length) {
        int digits = r.nextDouble() < 0.7 ? 5 : 3 + r.nextInt(6);
        String key = number(r, digits);
        String needle = "The pass key is " + key + ". Remember it. " + key + " is the pass key.";
        String head = PASSKEY_TASK + "\n";
        String tail = "\n" + PASSKEY_QUESTION;
        Recall recall = new Recall(PASSKEY_PREFIX, " " + key, ".");
        int recalls = recallCount(r, length, recall.bytes());
        int budget = length - fixedLength(head + "\n" + needle + "\n" + tail, PASSKEY_PREFIX, " " + key + ".")
                - recalls * recall.bytes();
        if (budget < 0) {
            return languageModel(r, length, trainBytes);
        }
        List<String> filler = new ArrayList<>();
        int used = 0;
        for (int i = 0; used + FILLER.get(i % FILLER.size()).length() + 1 <= budget; i++) {
            filler.add(FILLER.get(i % FILLER.size()));
            used += FILLER.get(i % FILLER.size()).length() + 1;
        }
        int before = (int) Math.round(filler.size() * depth(r));
        List<Piece> content = new ArrayList<>();
        content.add(new Piece(head + String.join(" ", filler.subList(0, before)) + "\n" + needle + "\n", false));
        List<String> after = filler.subList(before, filler.size());
        boolean[] recallBefore = recallSlots(r, after.size(), recalls);
        for (int i = 0; i < after.size(); i++) {
            if (recallBefore[i]) {
                content.addAll(recall.pieces(i == 0 ? "" : " "));
            }
            content.add(new Piece((i == 0 && !recallBefore[i] ? "" : " ") + after.get(i), false));
        }
        content.add(new Piece(tail, false));
        return chat("passkey", length, content, PASSKEY_PREFIX, " " + key + ".");
    }

    /**
     * A restatement of a needle's value inside the context: {@code lead} (the answer prefix), the
     * retrieved {@code value}, {@code end}.
     */
    record Recall(String lead, String value, String end) {
        /** Bytes of the recall with the space before it. */
        int bytes() {
            return ByteTokenizer.bytes(" " + lead + value + end).length;
        }

        List<Piece> pieces(String separator) {
            return List.of(new Piece(separator + lead, false), new Piece(value, true), new Piece(end, false));
        }
    }

    /** Text of a user turn; {@code retrieved} bytes carry the answer weight. */
    record Piece(String text, boolean retrieved) {
    }

    /** How many recalls a sequence gets: drawn up to {@code maxRecalls}, at most a quarter of its length. */
    private int recallCount(SplittableRandom r, int length, int recallBytes) {
        return maxRecalls == 0 ? 0 : Math.min(r.nextInt(maxRecalls + 1), length / 4 / recallBytes);
    }

    /** {@code count} distinct random slots among {@code slots} (fewer if there are fewer slots). */
    private static boolean[] recallSlots(SplittableRandom r, int slots, int count) {
        boolean[] chosen = new boolean[slots];
        for (int placed = 0; placed < Math.min(slots, count); ) {
            int at = r.nextInt(slots);
            if (!chosen[at]) {
                chosen[at] = true;
                placed++;
            }
        }
        return chosen;
    }

    /**
     * RULER's needle task: {@code keys} needles with distinct word keys (one value each), or one key
     * with {@code values} values; the question asks for one key's value(s).
     */
    Example niah(SplittableRandom r, int length, int keys, int valueCount) {
        String valueType = switch (r.nextInt(3)) {
            case 0 -> "numbers";
            case 1 -> "words";
            default -> "uuids";
        };
        List<String> keyList = new ArrayList<>();
        List<String> needles = new ArrayList<>();
        List<Integer> needleKey = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = word(r);
            keyList.add(key);
            values.add(new ArrayList<>());
            for (int v = 0; v < valueCount; v++) {
                String value = switch (valueType) {
                    case "numbers" -> number(r, 7);
                    case "words" -> word(r);
                    default -> uuid(r);
                };
                needles.add("One of the special magic " + valueType + " for " + key + " is: " + value + ".");
                needleKey.add(k);
                values.get(k).add(value);
            }
        }
        String query = keyList.getFirst();
        String template = "Some special magic {type} are hidden within the following text. Make sure to memorize it. "
                + "I will quiz you about the {type} afterwards.\n";
        String question = "\nWhat are all the special magic {type} for {query} mentioned in the provided text?";
        String prefix = " The special magic {type} for {query} mentioned in the provided text are";
        String type = valueType;
        if (valueCount == 1) {
            template = singular(template);
            question = singular(question);
            prefix = singular(prefix);
            type = valueType.substring(0, valueType.length() - 1);
        }
        String head = template.replace("{type}", type);
        String tail = question.replace("{type}", type).replace("{query}", query);
        List<Recall> recalls = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            recalls.add(new Recall(prefix.replace("{type}", type).replace("{query}", keyList.get(k)).strip(),
                    " " + String.join(", ", values.get(k)), "."));
        }
        prefix = " " + recalls.getFirst().lead();
        String answer = recalls.getFirst().value() + ".";
        int needleBytes = 0;
        for (String n : needles) {
            needleBytes += ByteTokenizer.bytes(n).length + 1;
        }
        int recallBytes = recalls.stream().mapToInt(Recall::bytes).max().orElse(0);
        int recallCount = recallCount(r, length, recallBytes);
        int budget = length - fixedLength(head + tail, prefix, answer) - needleBytes - recallCount * recallBytes;
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
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < needles.size(); i++) {
            order.add(i);
        }
        for (int i = order.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            order.set(i, order.set(j, order.get(i)));
        }
        List<Integer> needleAt = new ArrayList<>(java.util.Collections.nCopies(hay.size(), -1));
        for (int n : order) {
            int depth = slot(r, hay.size() + 1);
            hay.add(depth, needles.get(n));
            needleAt.add(depth, n);
        }
        // recalls, each of a key whose needle came before it
        int firstNeedle = 0;
        while (needleAt.get(firstNeedle) < 0) {
            firstNeedle++;
        }
        boolean[] recallBefore = recallSlots(r, hay.size() - firstNeedle - 1, recallCount);
        List<Piece> content = new ArrayList<>();
        content.add(new Piece(head, false));
        // a key can be recalled once all its needles (values) have been written
        int[] needlesSeen = new int[keys];
        List<Integer> seenKeys = new ArrayList<>();
        for (int i = 0; i < hay.size(); i++) {
            int slot = i - firstNeedle - 1;
            boolean recalled = slot >= 0 && recallBefore[slot] && !seenKeys.isEmpty();
            if (recalled) {
                content.addAll(recalls.get(seenKeys.get(r.nextInt(seenKeys.size()))).pieces(" "));
            }
            content.add(new Piece((i == 0 && !recalled ? "" : " ") + hay.get(i), false));
            if (needleAt.get(i) >= 0) {
                int key = needleKey.get(needleAt.get(i));
                if (++needlesSeen[key] == valueCount) {
                    seenKeys.add(key);
                }
            }
        }
        content.add(new Piece(tail, false));
        String kind = keys > 1 ? "niah_multikey" : valueCount > 1 ? "niah_multivalue" : "niah_single";
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

    private Example chat(String kind, int length, List<Piece> content, String prefix, String answer) {
        return chat(kind, length, content, prefix, answer, contextWeight, answerWeight);
    }

    static Example chat(String kind, int length, String content, String prefix, String answer, float contextWeight,
            float answerWeight) {
        return chat(kind, length, List.of(new Piece(content, false)), prefix, answer, contextWeight, answerWeight);
    }

    /**
     * The chat template's rendering of one user turn, the assistant turn opened with the answer
     * prefix, then the answer and END, padded to {@code length}: the answer and END, and the
     * retrieved pieces of the content, weigh {@code answerWeight}; every other predicted token up
     * to the END {@code contextWeight}.
     */
    static Example chat(String kind, int length, List<Piece> content, String prefix, String answer, float contextWeight,
            float answerWeight) {
        int[] tokens = new int[length];
        float[] weights = new float[length];
        List<Integer> recallSpans = new ArrayList<>();
        int n = 0;
        tokens[n++] = ByteTokenizer.BOS;
        tokens[n++] = ByteTokenizer.USER;
        tokens[n++] = '\n';
        for (Piece piece : content) {
            int from = n;
            for (byte b : ByteTokenizer.bytes(piece.text())) {
                tokens[n++] = b & 0xFF;
            }
            if (piece.retrieved()) {
                recallSpans.add(from);
                recallSpans.add(n);
            }
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
        int[] spans = new int[2 + recallSpans.size()];
        spans[0] = answerFrom;
        spans[1] = answerTo;
        for (int i = 0; i < recallSpans.size(); i++) {
            spans[2 + i] = recallSpans.get(i);
        }
        for (int i = 2; i < spans.length; i += 2) {
            java.util.Arrays.fill(weights, spans[i], spans[i + 1], answerWeight);
        }
        return new Example(kind, tokens, weights, spans);
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
