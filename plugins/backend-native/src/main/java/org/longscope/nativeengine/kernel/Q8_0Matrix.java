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
import org.longscope.kv.core.VectorMath;

/**
 * Q8_0 weights (blocks of 32: an F16 scale and 32 signed bytes) dotted with Q8_0-quantized
 * activations, as llama.cpp's {@code ggml_vec_dot_q8_0_q8_0}: products summed per block, then scaled
 * by the weight's block scale. The activations come already multiplied by their own block scales
 * ({@link Activations#dequantized()}), which saves a multiplication and a broadcast per block; the
 * sums differ from llama.cpp's integer sums only by float rounding of those products.
 */
final class Q8_0Matrix extends WeightMatrix {
    static final int BLOCK_BYTES = 34;
    private final int blocks;
    private final long rowBytes;

    Q8_0Matrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
        if (cols % Activations.BLOCK != 0) {
            throw new IllegalArgumentException(name + ": Q8_0 needs a multiple of 32 columns, got " + cols);
        }
        this.blocks = cols / Activations.BLOCK;
        this.rowBytes = (long) blocks * BLOCK_BYTES;
    }

    @Override
    public boolean quantizedInput() {
        return true;
    }

    private FloatVector weights(long offset) {
        return Species.widen(ByteVector.fromMemorySegment(B, data, offset, LE));
    }

    @Override
    public float dot(int row, Activations x, int t) {
        MemorySegment xs = x.dequantized();
        long w = row * rowBytes;
        long xo = x.rowOffset(t);
        // two accumulators that swap after every block: a block's term waits only on the term two
        // blocks back, so the FMA latency no longer caps a row at one block per 4 cycles
        FloatVector even = FloatVector.zero(F);
        FloatVector odd = even;
        for (int b = 0; b < blocks; b++) {
            long bo = w + (long) b * BLOCK_BYTES;
            long xb = xo + (long) b * Activations.BLOCK * Float.BYTES;
            FloatVector block = weights(bo + 2).mul(FloatVector.fromMemorySegment(F, xs, xb, LE));
            for (int j = L; j < Activations.BLOCK; j += L) {
                block = weights(bo + 2 + j).fma(FloatVector.fromMemorySegment(F, xs, xb + (long) j * Float.BYTES, LE), block);
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
            FloatVector wv = weights(bo + 2);
            FloatVector b0 = wv.mul(FloatVector.fromMemorySegment(F, xs, x0 + xb, LE));
            FloatVector b1 = wv.mul(FloatVector.fromMemorySegment(F, xs, x1 + xb, LE));
            FloatVector b2 = wv.mul(FloatVector.fromMemorySegment(F, xs, x2 + xb, LE));
            FloatVector b3 = wv.mul(FloatVector.fromMemorySegment(F, xs, x3 + xb, LE));
            for (int j = L; j < Activations.BLOCK; j += L) {
                wv = weights(bo + 2 + j);
                long o = xb + (long) j * Float.BYTES;
                b0 = wv.fma(FloatVector.fromMemorySegment(F, xs, x0 + o, LE), b0);
                b1 = wv.fma(FloatVector.fromMemorySegment(F, xs, x1 + o, LE), b1);
                b2 = wv.fma(FloatVector.fromMemorySegment(F, xs, x2 + o, LE), b2);
                b3 = wv.fma(FloatVector.fromMemorySegment(F, xs, x3 + o, LE), b3);
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
        return scale(bo) * data.get(JAVA_BYTE, bo + 2 + col % Activations.BLOCK);
    }
}
