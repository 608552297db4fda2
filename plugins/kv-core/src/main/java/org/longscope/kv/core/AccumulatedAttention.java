package org.longscope.kv.core;

import org.longscope.api.kv.CacheGeometry;

/**
 * H2O's scorer: every stored token's attention probability accumulated over all query rows that
 * have attended to it (each prompt query, computed blockwise after the attention that gave its
 * log-sum-exp, then each decode step), summed over the query heads of the KV group.
 */
public final class AccumulatedAttention implements KeyScorer {
    private final CacheGeometry geometry;
    private final float[][][] scores;

    public AccumulatedAttention(CacheGeometry geometry) {
        this.geometry = geometry;
        this.scores = new float[geometry.layers()][geometry.kvHeads()][0];
    }

    @Override
    public boolean needsLse() {
        return true;
    }

    @Override
    public void observe(int layer, int kvHead, int n, float[] queries, float[] lse, DenseHeadStore store,
            AttentionKernel kernel) {
        int size = store.size();
        float[] acc = scores[layer][kvHead];
        if (acc.length < size) {
            acc = scores[layer][kvHead] = java.util.Arrays.copyOf(acc, Math.max(size, acc.length + acc.length / 2));
        }
        // stride 0: every head of the group adds into the same per-token sum
        kernel.addProbabilities(store, true, queries, n, geometry.groupSize(), geometry.attentionScale(), lse,
                acc, 0);
    }

    /** The accumulated score of one stored token. */
    public float scoreOf(int layer, int kvHead, int slot) {
        return scores[layer][kvHead][slot];
    }

    /** The live score array of (layer, kvHead), indexed by slot (valid below the store's size). */
    public float[] scores(int layer, int kvHead) {
        return scores[layer][kvHead];
    }

    @Override
    public void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out) {
        System.arraycopy(scores[layer][kvHead], 0, out, 0, store.size());
    }

    @Override
    public void onRetain(int layer, int kvHead, int[] keep, int count) {
        float[] acc = scores[layer][kvHead];
        for (int i = 0; i < count; i++) {
            acc[i] = acc[keep[i]];
        }
        java.util.Arrays.fill(acc, count, acc.length, 0f);
    }
}
