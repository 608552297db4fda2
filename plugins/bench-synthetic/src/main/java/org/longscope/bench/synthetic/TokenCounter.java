package org.longscope.bench.synthetic;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.model.Tokenizer;

/**
 * Counts tokens with the target model's tokenizer, caching the count of every distinct piece.
 *
 * <p>Generated texts are built from pieces that start or end at pre-tokenizer boundaries (a word
 * with its leading space, a sentence with its trailing newline, see {@link Pieces}), so the sum of
 * the pieces' counts is a close estimate of the whole text's count (exact for the Llama 3 and Qwen
 * tokenizers in our tests). The size search runs on estimates and checks with {@link #exact}
 * counts instead of re-tokenizing the whole haystack at each step. Piece counts are shared by all
 * counters of the same tokenizer instance (weakly held), so the essay's sentences are tokenized
 * once per tokenizer, not once per task.
 */
public final class TokenCounter {
    /** Upper bound on cached pieces per tokenizer; the cache starts over beyond it. */
    private static final int MAX_CACHED = 300_000;
    private static final Map<Tokenizer, Map<String, Integer>> SHARED = new WeakHashMap<>();

    private final Tokenizer tokenizer;
    private final Map<String, Integer> cache;
    private long exactCalls;

    public TokenCounter(Tokenizer tokenizer) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("sample context has no tokenizer");
        }
        this.tokenizer = tokenizer;
        synchronized (SHARED) {
            this.cache = SHARED.computeIfAbsent(tokenizer, t -> new ConcurrentHashMap<>());
        }
    }

    /** Cached count of one piece. */
    public int piece(String piece) {
        Integer n = cache.get(piece);
        if (n == null) {
            n = tokenizer.count(piece);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(piece, n);
        }
        return n;
    }

    /** Estimated count of the concatenation of {@code pieces}. */
    public long estimate(List<String> pieces) {
        long sum = 0;
        for (String p : pieces) {
            sum += piece(p);
        }
        return sum;
    }

    /** Exact count of a whole text (not cached). */
    public int exact(String text) {
        exactCalls++;
        return tokenizer.count(text);
    }

    /** Number of exact (whole text) counts so far, for benchmarks. */
    public long exactCalls() {
        return exactCalls;
    }
}
