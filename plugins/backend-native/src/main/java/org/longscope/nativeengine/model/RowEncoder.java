package org.longscope.nativeengine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes a row of floats into a storage type, bit-exact with ggml's reference conversions
 * ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}, round-to-nearest-even F16 and BF16).
 * Q4_K and Q6_K blocks are in ggml's exact layout, but their scales come from a plain min/max rule,
 * not from ggml's iterative scale search ({@code make_qkx2_quants}, {@code make_qx_quants}): the
 * blocks decode the same way everywhere, their rounding error is somewhat larger than llama.cpp's.
 */
public final class RowEncoder {
    private RowEncoder() {
    }

    /** Appends the encoding of {@code row} to {@code out} (little-endian); the row length is a multiple of the block size. */
    public static void encode(GgmlType type, float[] row, ByteBuffer out) {
        if (out.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("little-endian buffer expected");
        }
        switch (type) {
            case F32 -> {
                for (float v : row) out.putFloat(v);
            }
            case F16 -> {
                for (float v : row) out.putShort(Float.floatToFloat16(v));
            }
            case BF16 -> {
                for (float v : row) out.putShort(toBf16(v));
            }
            case Q8_0 -> encodeQ8_0(row, out);
            case Q4_0 -> encodeQ4_0(row, out);
            case Q4_K -> encodeQ4K(row, out);
            case Q6_K -> encodeQ6K(row, out);
            default -> throw new IllegalArgumentException("writing " + type + " is not supported");
        }
    }

    /** ggml_compute_fp32_to_bf16: round to nearest even, NaN kept quiet. */
    public static short toBf16(float v) {
        int u = Float.floatToRawIntBits(v);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }

    public static float fromBf16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    private static void encodeQ8_0(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b + j]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                out.put((byte) roundf(x[b + j] * id));
            }
        }
    }

    private static void encodeQ4_0(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[b + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0 ? 1f / d : 0f;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                float x0 = x[b + j] * id;
                float x1 = x[b + 16 + j] * id;
                int xi0 = Math.min(15, (byte) (int) (x0 + 8.5f));
                int xi1 = Math.min(15, (byte) (int) (x1 + 8.5f));
                out.put((byte) (xi0 | (xi1 << 4)));
            }
        }
    }

    /**
     * Q4_K super-blocks of 256: value = d * scale_j * q - dmin * min_j with q in 0..15 and 6-bit
     * scale_j, min_j per sub-block of 32 (the scales packed as ggml's {@code get_scale_min_k4} reads them).
     */
    private static void encodeQ4K(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 256) {
            float[] scale = new float[8];
            float[] min = new float[8];
            for (int j = 0; j < 8; j++) {
                float lo = 0;
                float hi = 0;
                for (int l = 0; l < 32; l++) {
                    lo = Math.min(lo, x[b + 32 * j + l]);
                    hi = Math.max(hi, x[b + 32 * j + l]);
                }
                scale[j] = (hi - lo) / 15f;
                min[j] = -lo;
            }
            short dBits = Float.floatToFloat16(max(scale) / 63f);
            short dminBits = Float.floatToFloat16(max(min) / 63f);
            float d = Float.float16ToFloat(dBits);
            float dmin = Float.float16ToFloat(dminBits);
            int[] sc = new int[8];
            int[] m = new int[8];
            for (int j = 0; j < 8; j++) {
                sc[j] = d > 0 ? Math.min(63, Math.round(scale[j] / d)) : 0;
                m[j] = dmin > 0 ? Math.min(63, Math.round(min[j] / dmin)) : 0;
            }
            byte[] packed = new byte[12];
            for (int j = 0; j < 8; j++) {
                if (j < 4) {
                    packed[j] |= (byte) sc[j];
                    packed[j + 4] |= (byte) m[j];
                } else {
                    packed[j + 4] = (byte) ((sc[j] & 0xF) | ((m[j] & 0xF) << 4));
                    packed[j - 4] |= (byte) ((sc[j] >> 4) << 6);
                    packed[j] |= (byte) ((m[j] >> 4) << 6);
                }
            }
            out.putShort(dBits);
            out.putShort(dminBits);
            out.put(packed);
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    int low = quantK4(x[b + 64 * c + l], d * sc[2 * c], dmin * m[2 * c]);
                    int high = quantK4(x[b + 64 * c + 32 + l], d * sc[2 * c + 1], dmin * m[2 * c + 1]);
                    out.put((byte) (low | (high << 4)));
                }
            }
        }
    }

    private static int quantK4(float v, float scale, float min) {
        return scale > 0 ? Math.max(0, Math.min(15, Math.round((v + min) / scale))) : 0;
    }

    /**
     * Q6_K super-blocks of 256: value = d * scale_g * (q - 32) with q in 0..63 and an int8 scale_g
     * per group of 16; 4 low bits in ql, 2 high bits in qh, interleaved as ggml's
     * {@code dequantize_row_q6_K} reads them.
     */
    private static void encodeQ6K(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 256) {
            float[] scale = new float[16];
            for (int g = 0; g < 16; g++) {
                float amax = 0;
                for (int l = 0; l < 16; l++) {
                    amax = Math.max(amax, Math.abs(x[b + 16 * g + l]));
                }
                scale[g] = amax / 31f;
            }
            short dBits = Float.floatToFloat16(max(scale) / 127f);
            float d = Float.float16ToFloat(dBits);
            byte[] sc = new byte[16];
            int[] q = new int[256];
            for (int g = 0; g < 16; g++) {
                sc[g] = (byte) (d > 0 ? Math.min(127, Math.round(scale[g] / d)) : 0);
                float step = d * sc[g];
                for (int l = 0; l < 16; l++) {
                    int v = step > 0 ? Math.round(x[b + 16 * g + l] / step) : 0;
                    q[16 * g + l] = Math.max(-32, Math.min(31, v)) + 32;
                }
            }
            byte[] ql = new byte[128];
            byte[] qh = new byte[64];
            for (int n = 0; n < 2; n++) {
                for (int l = 0; l < 32; l++) {
                    int q1 = q[128 * n + l];
                    int q2 = q[128 * n + l + 32];
                    int q3 = q[128 * n + l + 64];
                    int q4 = q[128 * n + l + 96];
                    ql[64 * n + l] = (byte) ((q1 & 0xF) | ((q3 & 0xF) << 4));
                    ql[64 * n + l + 32] = (byte) ((q2 & 0xF) | ((q4 & 0xF) << 4));
                    qh[32 * n + l] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
                }
            }
            out.put(ql);
            out.put(qh);
            out.put(sc);
            out.putShort(dBits);
        }
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    /** C's roundf: half away from zero. */
    static float roundf(float v) {
        return (float) Math.copySign(Math.floor(Math.abs((double) v) + 0.5), v);
    }
}
