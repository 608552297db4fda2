package org.longscope.kv.eviction;

import java.util.Arrays;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.KeyScorer;

/**
 * TOVA's scorer (Oren et al., 2024): a token scores the attention probability the last query gave
 * it, averaged over all query heads of the layer, so every KV head of a layer ranks its tokens alike
 * and keeps the same ones. Each attention computes the last row's probabilities for its KV head
 * (summed over the group); a score adds those of every KV head of the layer, which hold the same
 * tokens in the same slots.
 */
final class TovaScorer implements KeyScorer {
    private final CacheGeometry geometry;
    /** Per layer and KV head: the last query row's probabilities, summed over the group, by slot. */
    private final float[][][] lastRow;
    private final float[][] query;
    private final float[][] rowLse;

    TovaScorer(CacheGeometry geometry) {
        this.geometry = geometry;
        this.lastRow = new float[geometry.layers()][geometry.kvHeads()][0];
        this.query = new float[geometry.kvHeads()][geometry.groupSize() * geometry.headDim()];
        this.rowLse = new float[geometry.kvHeads()][geometry.groupSize()];
    }

    @Override
    public boolean needsLse() {
        return true;
    }

    @Override
    public void observe(int layer, int kvHead, int n, float[] queries, float[] lse, DenseHeadStore store,
            AttentionKernel kernel) {
        int group = geometry.groupSize();
        int rowFloats = group * geometry.headDim();
        System.arraycopy(queries, (n - 1) * rowFloats, query[kvHead], 0, rowFloats);
        System.arraycopy(lse, (n - 1) * group, rowLse[kvHead], 0, group);
        int size = store.size();
        if (lastRow[layer][kvHead].length < size) {
            lastRow[layer][kvHead] = new float[Math.max(size, lastRow[layer][kvHead].length * 3 / 2)];
        }
        float[] probabilities = lastRow[layer][kvHead];
        Arrays.fill(probabilities, 0, size, 0f);
        // one row at the end of the store sees all of it; stride 0 sums the group's heads
        kernel.addProbabilities(store, true, query[kvHead], 1, group, geometry.attentionScale(), rowLse[kvHead],
                probabilities, 0);
    }

    @Override
    public void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out) {
        int size = store.size();
        Arrays.fill(out, 0, size, 0f);
        for (float[] head : lastRow[layer]) {
            for (int t = 0; t < size; t++) {
                out[t] += head[t];
            }
        }
        float heads = geometry.queryHeads();
        for (int t = 0; t < size; t++) {
            out[t] /= heads;
        }
    }

    @Override
    public void onRetain(int layer, int kvHead, int[] keep, int count) {
        // the probabilities are recomputed over the whole store at the next attention
    }
}
