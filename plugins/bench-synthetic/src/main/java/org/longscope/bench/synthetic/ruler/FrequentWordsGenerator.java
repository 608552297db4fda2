package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.Pieces;

/**
 * RULER's freq_words_extraction.py: 6-letter coded words with Zipf counts
 * ({@code n * k^-alpha / zeta(alpha)} for rank k, alpha 2), the top-ranked one replaced by the noise
 * "..."; the answer is the words of ranks 2 to 4.
 */
final class FrequentWordsGenerator implements PromptGenerator {
    static final double ALPHA = 2.0;
    static final int WORD_LENGTH = 6;
    /** zeta(2) = pi^2 / 6. */
    static final double ZETA_ALPHA = Math.PI * Math.PI / 6;

    private final List<String> vocab;
    private final long seed;
    private final String head;
    private final String tail;

    FrequentWordsGenerator(int target, Random random) {
        int vocabSize = Math.max(4, target / 50);
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        while (unique.size() < vocabSize) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < WORD_LENGTH; i++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            unique.add(sb.toString());
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(unique));
        java.util.Collections.shuffle(sorted, random);
        sorted.set(0, "...");
        this.vocab = List.copyOf(sorted);
        this.seed = random.nextLong();
        this.head = PromptGenerator.fill(PromptGenerator.head(RulerTask.Kind.FREQUENT_WORDS.template), Map.of("query", ""));
        this.tail = PromptGenerator.fill(PromptGenerator.tail(RulerTask.Kind.FREQUENT_WORDS.template), Map.of("query", ""));
    }

    List<String> answers() {
        return vocab.subList(1, 4);
    }

    @Override
    public String answerPrefix() {
        return RulerTask.Kind.FREQUENT_WORDS.answerPrefix;
    }

    /** Enough words that ranks 2-4 clearly outnumber rank 5. */
    @Override
    public int minAmount() {
        return 200;
    }

    @Override
    public int maxAmount() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Draft build(int amount) {
        List<String> words = new ArrayList<>();
        for (int k = 1; k <= vocab.size(); k++) {
            int count = (int) (amount * Math.pow(k, -ALPHA) / ZETA_ALPHA);
            for (int c = 0; c < count; c++) {
                words.add(vocab.get(k - 1));
            }
        }
        java.util.Collections.shuffle(words, new Random(seed));
        Pieces p = new Pieces(words.size() + 2);
        p.add(head);
        for (int i = 0; i < words.size(); i++) {
            p.add(i == 0 ? words.get(i) : " " + words.get(i));
        }
        p.add(tail);
        return new Draft(p.list(), amount, answers(), Map.of());
    }
}
