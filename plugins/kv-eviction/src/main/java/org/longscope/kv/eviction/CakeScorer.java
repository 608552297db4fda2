package org.longscope.kv.eviction;

import java.util.Arrays;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.KeyScorer;
import org.longscope.kv.core.Pooling;
import org.longscope.kv.core.WindowAttentionScorer;

/**
 * CAKE's eviction indicator (Qin et al., 2025): over the window's attention A (last W prompt queries),
 * an earlier token scores {@code mean_i A + gamma var_i A} (unbiased variance over the rows, as
 * torch.var), avg-pooled per query head and averaged over the group. Scoring also gathers the layer's
 * preference terms for {@link CakeBudget}: entropy {@code -sum A log(A + 1e-10)} and summed variance.
 */
final class CakeScorer implements KeyScorer {
    private final CacheGeometry geometry;
    private final WindowAttentionScorer window;
    private final int kernelSize;
    private final double gamma;
    /** Per layer and KV head: entropy and summed variance of the window's attention. */
    private final double[][][] terms;

    CakeScorer(CacheGeometry geometry, int window, int kernelSize, double gamma) {
        this.geometry = geometry;
        this.window = new WindowAttentionScorer(geometry, window, Pooling.Kind.AVG, kernelSize);
        this.kernelSize = kernelSize;
        this.gamma = gamma;
        this.terms = new double[geometry.layers()][geometry.kvHeads()][2];
    }

    /** Entropy and summed variance of the window attention of (layer, kvHead), once it is scored. */
    double[] terms(int layer, int kvHead) {
        return terms[layer][kvHead];
    }

    @Override
    public void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out) {
        int size = store.size();
        int group = geometry.groupSize();
        float[][] rows = window.windowAttention(layer, kvHead, store, kernel);
        int w = rows.length;
        int scored = size - w; // the window's own tokens are kept anyway
        float[] indicator = new float[group * scored];
        double h = 0;
        double v = 0;
        for (int g = 0; g < group; g++) {
            for (int t = 0; t < scored; t++) {
                double sum = 0;
                for (float[] row : rows) {
                    double p = row[g * size + t];
                    sum += p;
                    h -= p * Math.log(p + 1e-10);
                }
                double mean = sum / w;
                double squares = 0;
                for (float[] row : rows) {
                    squares += (row[g * size + t] - mean) * (row[g * size + t] - mean);
                }
                double var = squares / (w - 1); // w >= 2: the window parameter is at least 2
                v += var;
                indicator[g * scored + t] = (float) (mean + gamma * var);
            }
        }
        terms[layer][kvHead] = new double[] {h, v};
        float[] pooled = new float[scored];
        Arrays.fill(out, 0, size, 0f);
        for (int g = 0; g < group; g++) {
            Pooling.pool(Pooling.Kind.AVG, kernelSize, indicator, g * scored, scored, pooled);
            for (int t = 0; t < scored; t++) {
                out[t] += pooled[t] / group;
            }
        }
        Arrays.fill(out, scored, size, Float.POSITIVE_INFINITY);
    }

    @Override
    public boolean needsLse() {
        return false;
    }

    @Override
    public void observe(int layer, int kvHead, int n, float[] q, float[] lse, DenseHeadStore s, AttentionKernel k) {
        window.observe(layer, kvHead, n, q, lse, s, k); // the window scorer remembers the last W queries
    }

    @Override
    public void onRetain(int layer, int kvHead, int[] keep, int count) {
        window.onRetain(layer, kvHead, keep, count);
    }

    @Override
    public void prefillCompressed() {
        window.prefillCompressed();
    }
}
