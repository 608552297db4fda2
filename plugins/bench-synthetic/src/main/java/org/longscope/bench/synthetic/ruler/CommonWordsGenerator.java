package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.Pieces;

/**
 * RULER's common_words_extraction.py: a numbered list where 10 common words appear 30 times and
 * every other word 3 times (6 and 1 below 4K tokens), after one worked example.
 */
final class CommonWordsGenerator implements PromptGenerator {
    static final int COMMON = 10;
    /** "1.", " 2.", " 3.", ...: the list numbers as pieces, made once. */
    private static final NumberPieces NUMBERS = new NumberPieces();

    private static final class NumberPieces {
        private String[] pieces = new String[0];

        synchronized String get(int i) {
            if (i >= pieces.length) {
                String[] grown = java.util.Arrays.copyOf(pieces, Math.max(i + 1, pieces.length * 2));
                for (int k = pieces.length; k < grown.length; k++) {
                    grown[k] = (k == 0 ? "" : " ") + (k + 1) + ".";
                }
                pieces = grown;
            }
            return pieces[i];
        }
    }

    private final List<String> words;
    private final String example;
    private final int commonRepeats;
    private final int uncommonRepeats;
    private final long seed;
    private final List<String> answers;
    private final String head;
    private final String tail;

    /**
     * @param words  the shuffled word list (nouns, adjectives and verbs)
     * @param target the target length: below 4096 the counts are smaller, as upstream
     */
    CommonWordsGenerator(List<String> words, int target, Random exampleRandom, Random random) {
        this.words = words;
        String template = RulerTask.Kind.COMMON_WORDS.template;
        this.head = PromptGenerator.fill(PromptGenerator.head(template), Map.of("query", ""));
        this.tail = PromptGenerator.fill(PromptGenerator.tail(template), Map.of("query", ""));
        boolean short_ = target < 4096;
        // the worked example: 20 words (3 and 1 repeats) or 40 words (10 and 3 repeats)
        int exampleWords = short_ ? 20 : 40;
        List<String> exampleList = new ArrayList<>();
        List<String> exampleCommon = draw(exampleRandom, exampleWords, short_ ? 3 : 10, short_ ? 1 : 3, exampleList);
        StringBuilder ex = new StringBuilder(head).append(numbered(exampleList)).append(tail)
                .append(RulerTask.Kind.COMMON_WORDS.answerPrefix).append(' ').append(numbered(exampleCommon)).append('\n');
        this.example = ex.toString();
        this.commonRepeats = short_ ? 6 : 30;
        this.uncommonRepeats = short_ ? 1 : 3;
        this.seed = random.nextLong();
        this.answers = draw(new Random(seed), COMMON + 1, 1, 1, new ArrayList<>());
    }

    /** random.sample(words, n): the first 10 are common, the rest uncommon; returns the common ones. */
    private List<String> draw(Random r, int n, int commonRepeats, int uncommonRepeats, List<String> listOut) {
        int[] picked = RandomDraws.sample(r, words.size(), n);
        List<String> common = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String w = words.get(picked[i]);
            if (i < COMMON) {
                common.add(w);
            }
            int repeats = i < COMMON ? commonRepeats : uncommonRepeats;
            for (int k = 0; k < repeats; k++) {
                listOut.add(w);
            }
        }
        java.util.Collections.shuffle(listOut, new Random(r.nextLong()));
        return common;
    }

    private static String numbered(List<String> list) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(i + 1).append(". ").append(list.get(i));
        }
        return sb.toString();
    }

    List<String> answers() {
        return answers;
    }

    @Override
    public String answerPrefix() {
        return RulerTask.Kind.COMMON_WORDS.answerPrefix;
    }

    @Override
    public int minAmount() {
        return COMMON + 1;
    }

    @Override
    public int maxAmount() {
        return words.size();
    }

    @Override
    public Draft build(int amount) {
        List<String> list = new ArrayList<>();
        List<String> common = draw(new Random(seed), amount, commonRepeats, uncommonRepeats, list);
        Pieces p = new Pieces(2 * list.size() + 4);
        p.add(example);
        p.add(head);
        for (int i = 0; i < list.size(); i++) {
            // "1. word 2. word": number and word as separate pieces keep the caches warm
            p.add(NUMBERS.get(i));
            p.add(" " + list.get(i));
        }
        p.add(tail);
        return new Draft(p.list(), amount, common, Map.of());
    }
}
