package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Weights in super-blocks of 256 values (ggml's K-quants) dotted with Q8_0-quantized activations:
 * the row layout, the scalar decoding and the prefill tile shared by {@link Q4KMatrix} and
 * {@link Q6KMatrix}.
 */
abstract sealed class KQuantMatrix extends WeightMatrix permits Q4KMatrix, Q6KMatrix {
    static final int SUPER = 256;
    protected final int supers;
    protected final long rowBytes;
    private final int superBytes;

    KQuantMatrix(String name, int rows, int cols, MemorySegment data, String type, int superBytes) {
        super(name, rows, cols, data);
        if (cols % SUPER != 0) {
            throw new IllegalArgumentException(name + ": " + type + " needs a multiple of 256 columns, got " + cols);
        }
        this.supers = cols / SUPER;
        this.superBytes = superBytes;
        this.rowBytes = (long) supers * superBytes;
    }

    /** Byte offset of super-block {@code s} of row {@code row}. */
    protected final long superBlock(int row, int s) {
        return row * rowBytes + (long) s * superBytes;
    }

    /** The 256 values of the super-block at byte {@code offset}, as ggml dequantizes them. */
    abstract void decode(long offset, float[] out);

    @Override
    public final boolean quantizedInput() {
        return true;
    }

    /** Four tokens as four matrix-vector dots (K-quant prefill is not register-tiled). */
    @Override
    public final void dot4(int row, Activations x, int t0, MemorySegment out, long outRowBytes) {
        for (int t = t0; t < t0 + 4; t++) {
            out.set(JAVA_FLOAT_UNALIGNED, index(t, row, outRowBytes), dot(row, x, t));
        }
    }

    /** Each thread's decoded super-block for {@link #dequantizeRow} and {@link #get} (an embedding lookup per token allocates nothing). */
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[SUPER]);

    @Override
    public final void dequantizeRow(int row, MemorySegment dst, long dstOffset) {
        float[] block = scratch.get();
        for (int s = 0; s < supers; s++) {
            decode(superBlock(row, s), block);
            MemorySegment.copy(block, 0, dst, JAVA_FLOAT_UNALIGNED, dstOffset + (long) s * SUPER * Float.BYTES, SUPER);
        }
    }

    @Override
    public final float get(int row, int col) {
        float[] block = scratch.get();
        decode(superBlock(row, col / SUPER), block);
        return block[col % SUPER];
    }
}
