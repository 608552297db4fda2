package org.longscope.kv.core;

/**
 * How an eviction method splits its budget over layers and KV heads at the end of prefill (kvpress's
 * compression ratio per layer and head): uniform, falling with depth (PyramidKV), adaptive per head
 * (Ada-KV), from each layer's attention (CAKE). The tokens themselves are chosen by
 * {@link TokenSelection}.
 */
@FunctionalInterface
public interface BudgetRule {

    /** Each head's scores over its store's slots, computed on first use. */
    @FunctionalInterface
    interface Scores {
        float[] of(int layer, int kvHead);
    }

    /**
     * Fills {@code keep[layer][kvHead]} with how many of the candidates each head keeps, in
     * {@code [0, candidates]}. At the end of prefill every head holds the same {@code prompt} tokens;
     * the candidates are slots {@code [first, first + candidates)}, the tokens outside the protected
     * sink and recent windows.
     */
    void allocate(int prompt, int first, int candidates, Scores scores, int[][] keep);

    /** The same number of candidates in every layer and head. */
    static BudgetRule uniform(int perHead) {
        return (prompt, first, candidates, scores, keep) -> {
            for (int[] layer : keep) {
                java.util.Arrays.fill(layer, Math.max(0, Math.min(candidates, perHead)));
            }
        };
    }
}
