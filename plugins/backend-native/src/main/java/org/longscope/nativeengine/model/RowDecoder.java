package org.longscope.nativeengine.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Scalar decoding of stored rows back to floats: the reference for tests and for the rare
 * non-hot-path reads (embedding rows, norms, rope factors). Kernels have their own fast paths.
 */
public final class RowDecoder {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RowDecoder() {
    }

    /** Decodes {@code out.length} elements starting at element {@code first} (block aligned for quantized types). */
    public static void decode(Tensor t, long first, float[] out) {
        MemorySegment s = t.data();
        GgmlType type = t.type();
        switch (type) {
            case F32 -> {
                for (int i = 0; i < out.length; i++) out[i] = s.getAtIndex(F32, first + i);
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(s.getAtIndex(I16, first + i));
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) out[i] = RowEncoder.fromBf16(s.getAtIndex(I16, first + i));
            }
            case Q8_0 -> {
                long block = first / 32 * 34;
                for (int i = 0; i < out.length; i += 32, block += 34) {
                    float d = Float.float16ToFloat(s.get(I16, block));
                    for (int j = 0; j < 32; j++) out[i + j] = d * s.get(ValueLayout.JAVA_BYTE, block + 2 + j);
                }
            }
            case Q4_0 -> {
                long block = first / 32 * 18;
                for (int i = 0; i < out.length; i += 32, block += 18) {
                    float d = Float.float16ToFloat(s.get(I16, block));
                    for (int j = 0; j < 16; j++) {
                        int q = s.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xff;
                        out[i + j] = d * ((q & 0x0f) - 8);
                        out[i + 16 + j] = d * ((q >>> 4) - 8);
                    }
                }
            }
            case Q4_K -> {
                long block = first / 256 * 144;
                for (int i = 0; i < out.length; i += 256, block += 144) {
                    decodeQ4K(s, block, out, i);
                }
            }
            case Q6_K -> {
                long block = first / 256 * 210;
                for (int i = 0; i < out.length; i += 256, block += 210) {
                    decodeQ6K(s, block, out, i);
                }
            }
        }
    }

    /** ggml's dequantize_row_q4_K: d, dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles. */
    public static void decodeQ4K(MemorySegment s, long block, float[] out, int at) {
        float d = Float.float16ToFloat(s.get(I16, block));
        float dmin = Float.float16ToFloat(s.get(I16, block + 2));
        long scales = block + 4;
        long q = block + 16;
        for (int j = 0, is = 0; j < 256; j += 64, is += 2, q += 32) {
            float d1 = d * scaleK4(s, scales, is, false);
            float m1 = dmin * scaleK4(s, scales, is, true);
            float d2 = d * scaleK4(s, scales, is + 1, false);
            float m2 = dmin * scaleK4(s, scales, is + 1, true);
            for (int l = 0; l < 32; l++) {
                int b = s.get(ValueLayout.JAVA_BYTE, q + l) & 0xff;
                out[at + j + l] = d1 * (b & 0x0f) - m1;
                out[at + j + 32 + l] = d2 * (b >>> 4) - m2;
            }
        }
    }

    /** ggml's get_scale_min_k4: the scale (or, with {@code min}, the min) of sub-block j. */
    public static int scaleK4(MemorySegment s, long scales, int j, boolean min) {
        if (j < 4) {
            return s.get(ValueLayout.JAVA_BYTE, scales + j + (min ? 4 : 0)) & 63;
        }
        int packed = s.get(ValueLayout.JAVA_BYTE, scales + j + 4) & 0xff;
        int high = (s.get(ValueLayout.JAVA_BYTE, scales + j - (min ? 0 : 4)) & 0xff) >>> 6;
        return (min ? packed >>> 4 : packed & 0x0f) | (high << 4);
    }

    /** ggml's dequantize_row_q6_K: 128 bytes of low nibbles, 64 of high bit pairs, 16 int8 scales, d. */
    public static void decodeQ6K(MemorySegment s, long block, float[] out, int at) {
        float d = Float.float16ToFloat(s.get(I16, block + 208));
        long ql = block;
        long qh = block + 128;
        long sc = block + 192;
        for (int n = 0; n < 256; n += 128, ql += 64, qh += 32, sc += 8) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int low0 = s.get(ValueLayout.JAVA_BYTE, ql + l) & 0xff;
                int low32 = s.get(ValueLayout.JAVA_BYTE, ql + l + 32) & 0xff;
                int high = s.get(ValueLayout.JAVA_BYTE, qh + l) & 0xff;
                int q1 = ((low0 & 0xf) | ((high & 3) << 4)) - 32;
                int q2 = ((low32 & 0xf) | (((high >>> 2) & 3) << 4)) - 32;
                int q3 = ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
                int q4 = ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
                out[at + n + l] = d * s.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                out[at + n + l + 32] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                out[at + n + l + 64] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                out[at + n + l + 96] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
            }
        }
    }

    /** All elements of a tensor as floats (for small tensors: norms, biases, rope factors). */
    public static float[] toFloats(Tensor t) {
        long n = t.elements();
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(t.name() + " is too large to decode to an array");
        }
        float[] out = new float[(int) n];
        decode(t, 0, out);
        return out;
    }
}
