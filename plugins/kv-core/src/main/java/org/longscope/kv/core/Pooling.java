package org.longscope.kv.core;

/**
 * 1-D pooling with stride 1 and "same" padding ({@code kernel / 2} on each side, kernel odd), as
 * SnapKV and kvpress smooth their scores: average pooling counts the zero padding
 * ({@code count_include_pad}, PyTorch's default, so edge scores are divided by the full kernel),
 * max pooling ignores it.
 */
public final class Pooling {
    /** How a window of scores is combined. */
    public enum Kind { AVG, MAX }

    private Pooling() {
    }

    /** Pools {@code in[from, from + length)} into {@code out[0, length)}; {@code in} and {@code out} must differ. */
    public static void pool(Kind kind, int kernel, float[] in, int from, int length, float[] out) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("pooling kernel must be odd and positive, got " + kernel);
        }
        int half = kernel / 2;
        for (int i = 0; i < length; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(length - 1, i + half);
            if (kind == Kind.AVG) {
                float sum = 0;
                for (int j = lo; j <= hi; j++) {
                    sum += in[from + j];
                }
                out[i] = sum / kernel;
            } else {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = lo; j <= hi; j++) {
                    max = Math.max(max, in[from + j]);
                }
                out[i] = max;
            }
        }
    }
}
