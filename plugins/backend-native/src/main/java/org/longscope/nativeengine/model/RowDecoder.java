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
            default -> throw new UnsupportedOperationException("decoding " + type + " is not implemented");
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
