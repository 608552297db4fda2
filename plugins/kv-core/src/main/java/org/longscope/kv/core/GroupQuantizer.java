package org.longscope.kv.core;

/**
 * Asymmetric uniform quantization of one group of values (KIVI's scheme): with the group's minimum
 * and maximum, {@code scale = (max - min) / (2^bits - 1)} and
 * {@code code = clamp(rint((x - min) / scale), 0, 2^bits - 1)}; a value is restored as
 * {@code min + scale * code}. Scale and minimum are stored in fp16, so they are rounded to fp16
 * first and the codes are computed against the rounded values (the ones attention will use). When
 * {@code max == min} (or the scale rounds to zero) the scale is 0 and every code is 0: the group is
 * restored exactly as its fp16 minimum.
 */
public final class GroupQuantizer {
    private final int bits;
    private final int levels;

    public GroupQuantizer(int bits) {
        if (bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException("bits must be 2, 4 or 8, got " + bits);
        }
        this.bits = bits;
        this.levels = (1 << bits) - 1;
    }

    public int bits() {
        return bits;
    }

    /** Largest code, {@code 2^bits - 1}. */
    public int levels() {
        return levels;
    }

    /**
     * Fits scale and minimum to the values {@code x[offset + i * stride]}, i in [0, count), leaving
     * out those whose bit i is set in {@code excluded} (may be null). Returns them as fp16 bits:
     * scale in the high 16 bits, minimum in the low 16 bits.
     */
    public int fit(float[] x, int offset, int stride, int count, long[] excluded) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (excluded != null && (excluded[i >>> 6] & (1L << i)) != 0) {
                continue;
            }
            float v = x[offset + i * stride];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min == Float.POSITIVE_INFINITY) {
            min = max = 0f;
        }
        short minHalf = Float.floatToFloat16(min);
        short scaleHalf = max > min ? Float.floatToFloat16((max - min) / levels) : 0;
        return (scaleHalf & 0xffff) << 16 | (minHalf & 0xffff);
    }

    /** The scale of packed {@link #fit} parameters. */
    public static float scale(int params) {
        return Float.float16ToFloat((short) (params >>> 16));
    }

    /** The minimum of packed {@link #fit} parameters. */
    public static float min(int params) {
        return Float.float16ToFloat((short) params);
    }

    /** The code of x under a scale and minimum. */
    public int code(float x, float scale, float min) {
        if (scale == 0f) {
            return 0;
        }
        float q = (float) Math.rint((x - min) / scale);
        return q <= 0 ? 0 : q >= levels ? levels : (int) q;
    }

    /** The value a code stands for. */
    public static float restore(int code, float scale, float min) {
        return min + scale * code;
    }
}
