package org.longscope.kv.eviction;

import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.KeyScorer;

/**
 * L2Compress's scorer (Devoto et al., 2024; kvpress {@code KnormPress}): a token scores minus the L2
 * norm of its key, so the keys with the lowest norm are kept. Keys are read as stored (after RoPE,
 * which rotates pairs of channels and so leaves the norm unchanged). It watches no attention.
 */
final class L2NormScorer implements KeyScorer {
    private final float[] row;

    L2NormScorer(int headDim) {
        this.row = new float[headDim];
    }

    @Override
    public boolean needsLse() {
        return false;
    }

    @Override
    public void observe(int layer, int kvHead, int n, float[] queries, float[] lse, DenseHeadStore store,
            AttentionKernel kernel) {
        // the score depends on the keys alone
    }

    @Override
    public void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out) {
        // called for one head at a time (end of prefill), so one row of scratch serves every head
        for (int slot = 0; slot < store.size(); slot++) {
            store.readKey(slot, row, 0);
            double squares = 0;
            for (float x : row) {
                squares += (double) x * x;
            }
            out[slot] = (float) -Math.sqrt(squares);
        }
    }

    @Override
    public void onRetain(int layer, int kvHead, int[] keep, int count) {
        // nothing per slot to follow
    }
}
