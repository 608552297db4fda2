package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.RowEncoder;

/**
 * Encodes float rows into a storage type with llama.cpp's reference quantizers
 * ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}; K-quants through {@link RowEncoder}). Used to build weights in memory
 * (benchmarks, tests); not on any hot path.
 */
public final class WeightEncoder {
    private static final int BLOCK = 32;

    private WeightEncoder() {
    }

    /** Writes {@code count} values from {@code src[from..]} to {@code dst} at byte {@code offset} (count a multiple of the block size). */
    public static void encode(float[] src, int from, int count, GgmlType type, MemorySegment dst, long offset) {
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(JAVA_FLOAT_UNALIGNED, offset + 4L * i, src[from + i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(JAVA_SHORT_UNALIGNED, offset + 2L * i, Float.floatToFloat16(src[from + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(JAVA_SHORT_UNALIGNED, offset + 2L * i, toBf16(src[from + i]));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < count / BLOCK; b++) {
                    long bo = offset + 34L * b;
                    int s = from + b * BLOCK;
                    float amax = 0;
                    for (int j = 0; j < BLOCK; j++) {
                        amax = Math.max(amax, Math.abs(src[s + j]));
                    }
                    float d = amax / 127f;
                    float id = d == 0 ? 0 : 1 / d;
                    dst.set(JAVA_SHORT_UNALIGNED, bo, Float.floatToFloat16(d));
                    for (int j = 0; j < BLOCK; j++) {
                        dst.set(JAVA_BYTE, bo + 2 + j, (byte) Math.round(src[s + j] * id));
                    }
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < count / BLOCK; b++) {
                    long bo = offset + 18L * b;
                    int s = from + b * BLOCK;
                    float amax = 0;
                    float max = 0;
                    for (int j = 0; j < BLOCK; j++) {
                        if (Math.abs(src[s + j]) > amax) {
                            amax = Math.abs(src[s + j]);
                            max = src[s + j];
                        }
                    }
                    float d = max / -8;
                    float id = d == 0 ? 0 : 1 / d;
                    dst.set(JAVA_SHORT_UNALIGNED, bo, Float.floatToFloat16(d));
                    for (int j = 0; j < BLOCK / 2; j++) {
                        int lo = Math.min(15, (int) (src[s + j] * id + 8.5f));
                        int hi = Math.min(15, (int) (src[s + j + BLOCK / 2] * id + 8.5f));
                        dst.set(JAVA_BYTE, bo + 2 + j, (byte) (lo | (hi << 4)));
                    }
                }
            }
            case Q4_K, Q6_K -> {
                ByteBuffer buf = ByteBuffer.allocate((int) type.bytesFor(count)).order(ByteOrder.LITTLE_ENDIAN);
                RowEncoder.encode(type, Arrays.copyOfRange(src, from, from + count), buf);
                MemorySegment.copy(buf.array(), 0, dst, JAVA_BYTE, offset, buf.capacity());
            }
            default -> throw new UnsupportedOperationException("cannot encode " + type);
        }
    }

    /** Round-to-nearest-even bfloat16 of {@code f}. */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
