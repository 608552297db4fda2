package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.B;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.longscope.kv.core.VectorMath;

/**
 * Q4_0 weights (blocks of 32: an F16 scale and 16 bytes; element j is the low nibble of byte j and
 * element j+16 the high nibble, each minus 8) dotted with Q8_0-quantized activations, as llama.cpp's
 * {@code ggml_vec_dot_q4_0_q8_0}; like {@link Q8_0Matrix}, against the activations already multiplied
 * by their block scales.
 */
final class Q4_0Matrix extends WeightMatrix {
    static final int BLOCK_BYTES = 18;
    private static final int HALF = Activations.BLOCK / 2;
    private final int blocks;
    private final long rowBytes;

    Q4_0Matrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
        if (cols % Activations.BLOCK != 0) {
            throw new IllegalArgumentException(name + ": Q4_0 needs a multiple of 32 columns, got " + cols);
        }
        this.blocks = cols / Activations.BLOCK;
        this.rowBytes = (long) blocks * BLOCK_BYTES;
    }

    @Override
    public boolean quantizedInput() {
        return true;
    }

    private static FloatVector low(ByteVector packed) {
        return Species.widen(packed.and((byte) 0x0F).sub((byte) 8));
    }

    private static FloatVector high(ByteVector packed) {
        return Species.widen(packed.lanewise(VectorOperators.ASHR, 4).and((byte) 0x0F).sub((byte) 8));
    }

    @Override
    public float dot(int row, Activations x, int t) {
        MemorySegment xs = x.dequantized();
        long w = row * rowBytes;
        long xo = x.rowOffset(t);
        // two accumulators that swap after every block, as in Q8_0Matrix.dot
        FloatVector even = FloatVector.zero(F);
        FloatVector odd = even;
        for (int b = 0; b < blocks; b++) {
            long bo = w + (long) b * BLOCK_BYTES;
            long xb = xo + (long) b * Activations.BLOCK * Float.BYTES;
            ByteVector packed = ByteVector.fromMemorySegment(B, data, bo + 2, LE);
            FloatVector block = low(packed).mul(FloatVector.fromMemorySegment(F, xs, xb, LE));
            block = high(packed).fma(FloatVector.fromMemorySegment(F, xs, xb + HALF * Float.BYTES, LE), block);
            for (int j = L; j < HALF; j += L) {
                packed = ByteVector.fromMemorySegment(B, data, bo + 2 + j, LE);
                block = low(packed).fma(FloatVector.fromMemorySegment(F, xs, xb + (long) j * Float.BYTES, LE), block);
                block = high(packed).fma(FloatVector.fromMemorySegment(F, xs, xb + (long) (j + HALF) * Float.BYTES, LE), block);
            }
            FloatVector sum = block.fma(FloatVector.broadcast(F, scale(bo)), even);
            even = odd;
            odd = sum;
        }
        return VectorMath.sum(even.add(odd));
    }

    @Override
    public void dot4(int row, Activations x, int t0, MemorySegment out, long outRowBytes) {
        MemorySegment xs = x.dequantized();
        long w = row * rowBytes;
        long x0 = x.rowOffset(t0);
        long x1 = x.rowOffset(t0 + 1);
        long x2 = x.rowOffset(t0 + 2);
        long x3 = x.rowOffset(t0 + 3);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int b = 0; b < blocks; b++) {
            long bo = w + (long) b * BLOCK_BYTES;
            long xb = (long) b * Activations.BLOCK * Float.BYTES;
            FloatVector b0 = FloatVector.zero(F);
            FloatVector b1 = FloatVector.zero(F);
            FloatVector b2 = FloatVector.zero(F);
            FloatVector b3 = FloatVector.zero(F);
            for (int j = 0; j < HALF; j += L) {
                ByteVector packed = ByteVector.fromMemorySegment(B, data, bo + 2 + j, LE);
                FloatVector lo = low(packed);
                FloatVector hi = high(packed);
                long ol = xb + (long) j * Float.BYTES;
                long oh = xb + (long) (j + HALF) * Float.BYTES;
                b0 = lo.fma(FloatVector.fromMemorySegment(F, xs, x0 + ol, LE), b0);
                b1 = lo.fma(FloatVector.fromMemorySegment(F, xs, x1 + ol, LE), b1);
                b2 = lo.fma(FloatVector.fromMemorySegment(F, xs, x2 + ol, LE), b2);
                b3 = lo.fma(FloatVector.fromMemorySegment(F, xs, x3 + ol, LE), b3);
                b0 = hi.fma(FloatVector.fromMemorySegment(F, xs, x0 + oh, LE), b0);
                b1 = hi.fma(FloatVector.fromMemorySegment(F, xs, x1 + oh, LE), b1);
                b2 = hi.fma(FloatVector.fromMemorySegment(F, xs, x2 + oh, LE), b2);
                b3 = hi.fma(FloatVector.fromMemorySegment(F, xs, x3 + oh, LE), b3);
            }
            FloatVector d = FloatVector.broadcast(F, scale(bo));
            a0 = b0.fma(d, a0);
            a1 = b1.fma(d, a1);
            a2 = b2.fma(d, a2);
            a3 = b3.fma(d, a3);
        }
        out.set(JAVA_FLOAT_UNALIGNED, index(t0, row, outRowBytes), VectorMath.sum(a0));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 1, row, outRowBytes), VectorMath.sum(a1));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 2, row, outRowBytes), VectorMath.sum(a2));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 3, row, outRowBytes), VectorMath.sum(a3));
    }

    /** The F16 scale of the block at byte offset {@code bo}. */
    private float scale(long bo) {
        return Float.float16ToFloat(data.get(JAVA_SHORT_UNALIGNED, bo));
    }

    @Override
    public void dequantizeRow(int row, MemorySegment dst, long dstOffset) {
        for (int c = 0; c < cols; c++) {
            dst.set(JAVA_FLOAT_UNALIGNED, dstOffset + (long) c * Float.BYTES, get(row, c));
        }
    }

    @Override
    public float get(int row, int col) {
        long bo = row * rowBytes + (long) (col / Activations.BLOCK) * BLOCK_BYTES;
        float d = scale(bo);
        int j = col % Activations.BLOCK;
        int packed = data.get(JAVA_BYTE, bo + 2 + j % HALF) & 0xFF;
        int nibble = j < HALF ? packed & 0x0F : packed >>> 4;
        return d * (nibble - 8);
    }
}
