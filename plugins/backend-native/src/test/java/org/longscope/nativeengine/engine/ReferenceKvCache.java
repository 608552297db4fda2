package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;

/**
 * A plain scalar full KV cache for engine tests: dense heap arrays, textbook softmax attention in
 * double precision, nothing allocated after construction. Independent of kv-core, so engine tests check the forward pass, not the
 * production cache.
 */
public final class ReferenceKvCache implements KvCache {
    private final CacheGeometry g;
    private final float[][] keys;   // [layer][token * kvHeads * headDim]
    private final float[][] values;
    private final int[] length;
    private final int[] lastAppend;
    private final double[][] scores; // per KV head: attend may run concurrently for different heads
    private long seen;

    public ReferenceKvCache(CacheGeometry g) {
        this.g = g;
        int row = g.kvHeads() * g.headDim();
        this.keys = new float[g.layers()][g.maxTokens() * row];
        this.values = new float[g.layers()][g.maxTokens() * row];
        this.length = new int[g.layers()];
        this.lastAppend = new int[g.layers()];
        this.scores = new double[g.kvHeads()][g.maxTokens()];
    }

    @Override
    public CacheGeometry geometry() {
        return g;
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment k, MemorySegment v) {
        int row = g.kvHeads() * g.headDim();
        if (length[layer] + n > g.maxTokens()) {
            throw new IllegalStateException("cache full");
        }
        MemorySegment.copy(k, JAVA_FLOAT, 0, keys[layer], length[layer] * row, n * row);
        MemorySegment.copy(v, JAVA_FLOAT, 0, values[layer], length[layer] * row, n * row);
        length[layer] += n;
        lastAppend[layer] = n;
        if (layer == 0) {
            seen += n;
        }
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        int hd = g.headDim();
        int row = g.kvHeads() * hd;
        int total = length[layer];
        int first = total - lastAppend[layer];
        for (int t = 0; t < n; t++) {
            int visible = first + t + 1;
            for (int h = kvHead * g.groupSize(); h < (kvHead + 1) * g.groupSize(); h++) {
                long qo = ((long) t * g.queryHeads() + h) * hd;
                double[] scores = this.scores[kvHead];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < visible; s++) {
                    double dot = 0;
                    for (int d = 0; d < hd; d++) {
                        dot += queries.getAtIndex(JAVA_FLOAT, qo + d) * keys[layer][s * row + kvHead * hd + d];
                    }
                    scores[s] = dot * g.attentionScale();
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s < visible; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int d = 0; d < hd; d++) {
                    double acc = 0;
                    for (int s = 0; s < visible; s++) {
                        acc += scores[s] * values[layer][s * row + kvHead * hd + d];
                    }
                    out.setAtIndex(JAVA_FLOAT, qo + d, (float) (acc / sum));
                }
            }
        }
    }

    @Override
    public void endPrefill() {
    }

    @Override
    public KvStats stats() {
        int[][] kept = new int[g.layers()][g.kvHeads()];
        for (int l = 0; l < g.layers(); l++) {
            java.util.Arrays.fill(kept[l], length[l]);
        }
        return new KvStats("reference", seen, kept, 0, 0, Map.of());
    }

    @Override
    public void close() {
    }
}
