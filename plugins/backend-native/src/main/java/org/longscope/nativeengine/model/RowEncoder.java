package org.longscope.nativeengine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes a row of floats into a storage type, bit-exact with ggml's reference conversions
 * ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}, round-to-nearest-even F16 and BF16).
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

    /** C's roundf: half away from zero. */
    static float roundf(float v) {
        return (float) Math.copySign(Math.floor(Math.abs((double) v) + 0.5), v);
    }
}
