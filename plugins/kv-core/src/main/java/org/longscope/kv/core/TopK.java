package org.longscope.kv.core;

import java.util.Arrays;

/** Selection of the highest scores; ties go to the lower index, so selection is deterministic. */
public final class TopK {
    private TopK() {
    }

    /**
     * Writes the indices of the {@code k} highest of {@code scores[0, length)} to {@code out[0, k)}
     * in ascending index order. NaN scores rank lowest.
     */
    public static void select(float[] scores, int length, int k, int[] out) {
        select(scores, 0, length, k, out);
    }

    /**
     * The same over {@code scores[from, from + length)}: writes the indices (into {@code scores}) of
     * its {@code k} highest to {@code out[0, k)}, ascending.
     */
    public static void select(float[] scores, int from, int length, int k, int[] out) {
        if (k < 0 || k > length) {
            throw new IllegalArgumentException("cannot select " + k + " of " + length);
        }
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            keys[i] = ((long) descendingKey(scores[from + i]) << 32) | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < k; i++) {
            out[i] = from + (int) keys[i];
        }
        Arrays.sort(out, 0, k);
    }

    /** An int whose ascending order is the descending order of the float (NaN last). */
    static int descendingKey(float score) {
        if (Float.isNaN(score)) {
            return Integer.MAX_VALUE;
        }
        int bits = Float.floatToIntBits(score == 0f ? 0f : score);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ~ordered;
    }
}
