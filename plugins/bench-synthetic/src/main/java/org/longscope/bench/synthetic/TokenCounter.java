package org.longscope.bench.synthetic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.model.Tokenizer;

/**
 * Counts tokens with the target model's tokenizer, caching the count of every distinct piece.
 *
 * <p>Generated texts are built from pieces that start or end at pre-tokenizer boundaries (a word
 * with its leading space, a sentence with its trailing newline), so the sum of the pieces' counts
 * is a close estimate of the whole text's count. The size search runs on estimates and checks the
 * final text with one {@link #exact} count instead of re-tokenizing the whole haystack at each step.
 * Not thread-safe: one instance per {@code samples} call.
 */
public final class TokenCounter {
    private final Tokenizer tokenizer;
    private final Map<String, Integer> cache = new HashMap<>();
    private long exactCalls;

    public TokenCounter(Tokenizer tokenizer) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("sample context has no tokenizer");
        }
        this.tokenizer = tokenizer;
    }

    /** Cached count of one piece. */
    public int piece(String piece) {
        Integer n = cache.get(piece);
        if (n == null) {
            n = tokenizer.count(piece);
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
