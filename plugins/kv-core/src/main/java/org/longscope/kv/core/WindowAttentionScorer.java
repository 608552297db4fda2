package org.longscope.kv.core;

import org.longscope.api.kv.CacheGeometry;

/**
 * SnapKV's observation-window scorer. It remembers the query rows of the last {@code window} tokens
 * seen; scoring lets those rows attend to every stored token (causal inside the window), sums each
 * earlier token's attention probability over the window per query head, smooths the sums with 1-D
 * pooling, and averages over the query heads of the KV group. Window tokens score
 * {@code +Infinity}: they are always kept.
 */
public final class WindowAttentionScorer implements KeyScorer {
    private final CacheGeometry geometry;
    private final int window;
    private final Pooling.Kind pooling;
    private final int kernelSize;
    private final int rowFloats;
    /** Ring of the last window tokens' query rows per layer and KV head, oldest at ringStart. */
    private final float[][][] rings;
    private final int[][] ringCount;
    private final int[][] ringStart;

    public WindowAttentionScorer(CacheGeometry geometry, int window, Pooling.Kind pooling, int kernelSize) {
        this.geometry = geometry;
        this.window = window;
        this.pooling = pooling;
        this.kernelSize = kernelSize;
        this.rowFloats = geometry.groupSize() * geometry.headDim();
        this.rings = new float[geometry.layers()][geometry.kvHeads()][];
        this.ringCount = new int[geometry.layers()][geometry.kvHeads()];
        this.ringStart = new int[geometry.layers()][geometry.kvHeads()];
    }

    public int window() {
        return window;
    }

    @Override
    public boolean needsLse() {
        return false;
    }

    @Override
    public void observe(int layer, int kvHead, int n, float[] queries, float[] lse, DenseHeadStore store,
            AttentionKernel kernel) {
        float[] ring = rings[layer][kvHead];
        if (ring == null) {
            ring = rings[layer][kvHead] = new float[window * rowFloats];
        }
        for (int i = Math.max(0, n - window); i < n; i++) {
            int count = ringCount[layer][kvHead];
            int slot;
            if (count < window) {
                slot = (ringStart[layer][kvHead] + count) % window;
                ringCount[layer][kvHead] = count + 1;
            } else {
                slot = ringStart[layer][kvHead];
                ringStart[layer][kvHead] = (slot + 1) % window;
            }
            System.arraycopy(queries, i * rowFloats, ring, slot * rowFloats, rowFloats);
        }
    }

    /** Tokens of the window currently remembered for (layer, kvHead). */
    public int windowTokens(int layer, int kvHead) {
        return ringCount[layer][kvHead];
    }

    @Override
    public void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out) {
        int size = store.size();
        float[] q = windowQueries(layer, kvHead, size);
        int w = q.length / rowFloats;
        int group = geometry.groupSize();
        KvSpan[] spans = {store};
        float[] lse = new float[w * group];
        float scale = geometry.attentionScale();
        kernel.logSumExp(spans, 0, q, w, group, scale, lse);
        float[] perHead = new float[group * size];
        kernel.addProbabilities(store, true, q, w, group, scale, lse, perHead, size);
        int scored = size - w;
        float[] pooled = new float[scored];
        java.util.Arrays.fill(out, 0, size, 0f);
        for (int g = 0; g < group; g++) {
            Pooling.pool(pooling, kernelSize, perHead, g * size, scored, pooled);
            for (int t = 0; t < scored; t++) {
                out[t] += pooled[t] / group;
            }
        }
        java.util.Arrays.fill(out, scored, size, Float.POSITIVE_INFINITY);
    }

    /**
     * The remembered query rows of (layer, kvHead), oldest first, {@code [w][groupSize][headDim]} with
     * {@code w = min(window tokens seen, size)}: the last w of a store of {@code size} tokens.
     */
    public float[] windowQueries(int layer, int kvHead, int size) {
        int w = Math.min(ringCount[layer][kvHead], size);
        float[] q = new float[w * rowFloats];
        float[] ring = rings[layer][kvHead];
        int start = ringStart[layer][kvHead];
        int skip = ringCount[layer][kvHead] - w;
        for (int i = 0; i < w; i++) {
            System.arraycopy(ring, ((start + skip + i) % window) * rowFloats, q, i * rowFloats, rowFloats);
        }
        return q;
    }

    /**
     * The window's attention rows over the whole store, one array per window row (oldest first),
     * {@code [groupSize][size]} each: probabilities of the row's softmax, which is causal inside the
     * window (entries of window keys a row does not see are not meaningful).
     */
    public float[][] windowAttention(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel) {
        int size = store.size();
        float[] q = windowQueries(layer, kvHead, size);
        int w = q.length / rowFloats;
        int group = geometry.groupSize();
        float[] lse = new float[w * group];
        kernel.logSumExp(new KvSpan[] {store}, 0, q, w, group, geometry.attentionScale(), lse);
        float[][] rows = new float[w][group * size];
        for (int i = 0; i < w; i++) {
            kernel.addProbabilities(store, false, java.util.Arrays.copyOfRange(q, i * rowFloats, (i + 1) * rowFloats),
                    1, group, geometry.attentionScale(), java.util.Arrays.copyOfRange(lse, i * group, (i + 1) * group),
                    rows[i], size);
        }
        return rows;
    }

    @Override
    public void onRetain(int layer, int kvHead, int[] keep, int count) {
        // the window's queries stay valid: they are queries, not slots
    }

    /** Drops the remembered queries: methods over this scorer do not evict while decoding. */
    @Override
    public void prefillCompressed() {
        for (float[][] layer : rings) {
            java.util.Arrays.fill(layer, null);
        }
    }
}
