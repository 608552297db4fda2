package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The input of a matrix product: {@code n} token rows of {@code cols} floats, plus their 8-bit
 * quantized form for products with quantized weights (Q8_0 blocks of 32: a float scale per block
 * and integer values in [-127, 127], as llama.cpp's {@code quantize_row_q8_0}). The integers are
 * kept as floats so a product with quantized weights is exact integer arithmetic on vector floats;
 * they are also kept multiplied back by their block scales, so that a Q8_0 or Q4_0 product applies
 * only the weight's scale per block (one multiplication and one broadcast fewer per block).
 */
public final class Activations {
    public static final int BLOCK = 32;

    private final int capacity;
    private final int cols;
    private final MemorySegment values;
    private final MemorySegment quants;
    private final MemorySegment scales;
    private final MemorySegment dequantized;
    private int quantizedRows = -1;

    /** Off-heap buffers for up to {@code capacity} rows of {@code cols} floats, owned by {@code arena}. */
    public Activations(Arena arena, int capacity, int cols) {
        this.capacity = capacity;
        this.cols = cols;
        this.values = arena.allocate((long) capacity * cols * Float.BYTES, 64);
        this.quants = arena.allocate((long) capacity * cols * Float.BYTES, 64);
        this.scales = arena.allocate((long) capacity * ((cols + BLOCK - 1) / BLOCK) * Float.BYTES, 64);
        this.dequantized = arena.allocate((long) capacity * cols * Float.BYTES, 64);
    }

    public int capacity() {
        return capacity;
    }

    public int cols() {
        return cols;
    }

    /** Row-major {@code [capacity][cols]} floats. Writing them invalidates the quantized form. */
    public MemorySegment values() {
        quantizedRows = -1;
        return values;
    }

    /** Byte offset of row {@code t} in {@link #values()}. */
    public long rowOffset(int t) {
        return (long) t * cols * Float.BYTES;
    }

    MemorySegment valuesForRead() {
        return values;
    }

    MemorySegment quants() {
        return quants;
    }

    MemorySegment scales() {
        return scales;
    }

    /** The quantized values times their block's scale (laid out as {@link #values()}). */
    MemorySegment dequantized() {
        return dequantized;
    }

    long scaleOffset(int t) {
        return (long) t * (cols / BLOCK) * Float.BYTES;
    }

    /** Quantizes the first {@code n} rows to Q8_0 unless they already are. */
    void ensureQuantized(int n) {
        if (quantizedRows >= n) {
            return;
        }
        if (cols % BLOCK != 0) {
            throw new IllegalStateException("quantized products need a multiple of " + BLOCK + " columns, got " + cols);
        }
        int blocks = cols / BLOCK;
        for (int t = 0; t < n; t++) {
            long row = rowOffset(t);
            for (int b = 0; b < blocks; b++) {
                long off = row + (long) b * BLOCK * Float.BYTES;
                FloatVector max = FloatVector.zero(F);
                for (int j = 0; j < BLOCK; j += L) {
                    max = max.max(FloatVector.fromMemorySegment(F, values, off + (long) j * Float.BYTES, LE).abs());
                }
                float amax = max.reduceLanes(VectorOperators.MAX);
                float d = amax / 127f;
                float id = d == 0 ? 0 : 1 / d;
                for (int j = 0; j < BLOCK; j += L) {
                    long o = off + (long) j * Float.BYTES;
                    FloatVector v = FloatVector.fromMemorySegment(F, values, o, LE).mul(id);
                    // round half away from zero (roundf in llama.cpp): truncate v + copysign(0.5, v)
                    FloatVector half = FloatVector.broadcast(F, 0.5f).blend(-0.5f, v.lt(0f));
                    FloatVector r = (FloatVector) v.add(half)
                            .convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
                    r.intoMemorySegment(quants, o, LE);
                    r.mul(d).intoMemorySegment(dequantized, o, LE);
                }
                scales.set(JAVA_FLOAT, scaleOffset(t) + (long) b * Float.BYTES, d);
            }
        }
        quantizedRows = n;
    }
}
