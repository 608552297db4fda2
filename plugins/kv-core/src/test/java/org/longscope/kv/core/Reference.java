package org.longscope.kv.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Plain double-precision attention and tensor helpers for tests. */
final class Reference {
    private Reference() {
    }

    static float[] random(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static MemorySegment segment(Arena arena, float[] x, int from, int count) {
        MemorySegment s = arena.allocate(count * 4L, 64);
        MemorySegment.copy(x, from, s, ValueLayout.JAVA_FLOAT, 0, count);
        return s;
    }

    static float[] array(MemorySegment s, int count) {
        float[] x = new float[count];
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, x, 0, count);
        return x;
    }

    /**
     * Softmax attention of one query row over keys/values rows [0, visible) of [tokens][kvHeads][d]
     * for KV head kvHead; returns the output row and (in lse[0]) the log-sum-exp.
     */
    static double[] attend(float[] q, int qOffset, float[] keys, float[] values, int kvHeads, int kvHead, int d,
            int visible, double scale, double[] lse) {
        double[] s = new double[visible];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < visible; t++) {
            double dot = 0;
            int k = (t * kvHeads + kvHead) * d;
            for (int c = 0; c < d; c++) {
                dot += (double) q[qOffset + c] * keys[k + c];
            }
            s[t] = dot * scale;
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        double[] out = new double[d];
        for (int t = 0; t < visible; t++) {
            double w = Math.exp(s[t] - max);
            sum += w;
            int v = (t * kvHeads + kvHead) * d;
            for (int c = 0; c < d; c++) {
                out[c] += w * values[v + c];
            }
        }
        for (int c = 0; c < d; c++) {
            out[c] /= sum;
        }
        if (lse != null) {
            lse[0] = max + Math.log(sum);
        }
        return out;
    }
}
