package org.longscope.kv.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.longscope.kv.core.VectorMath;

/** Growable off-heap fp32 rows (the full-precision residual of keys or of values), oldest first. */
final class FloatRows implements AutoCloseable {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final int dim;
    private final long rowBytes;
    private final int bound;
    private Arena arena;
    private MemorySegment rows;
    private int capacity;
    private int size;

    FloatRows(int dim) {
        this.dim = dim;
        this.rowBytes = dim * 4L;
        this.bound = F.loopBound(dim);
        resize(16);
    }

    int size() {
        return size;
    }

    long bytes() {
        return size * rowBytes;
    }

    void append(MemorySegment src, long offset) {
        ensure(size + 1);
        MemorySegment.copy(src, offset, rows, size * rowBytes, rowBytes);
        size++;
    }

    void append(float[] src, int offset) {
        ensure(size + 1);
        MemorySegment.copy(src, offset, rows, FLOAT, size * rowBytes, dim);
        size++;
    }

    void read(int row, float[] dst, int offset) {
        MemorySegment.copy(rows, FLOAT, row * rowBytes, dst, offset, dim);
    }

    /** Drops the oldest {@code count} rows. */
    void removeFirst(int count) {
        MemorySegment.copy(rows, count * rowBytes, rows, 0, (size - count) * rowBytes);
        size -= count;
        if (capacity > 64 && size * 4 <= capacity) {
            resize(Math.max(16, size * 2));
        }
    }

    float dot(int row, float[] q, int qOffset) {
        long base = row * rowBytes;
        FloatVector sum = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += F.length()) {
            sum = FloatVector.fromMemorySegment(F, rows, base + 4L * c, ByteOrder.nativeOrder())
                    .fma(FloatVector.fromArray(F, q, qOffset + c), sum);
        }
        float s = VectorMath.sum(sum);
        for (; c < dim; c++) {
            s += q[qOffset + c] * rows.get(FLOAT, base + 4L * c);
        }
        return s;
    }

    void axpy(int row, float w, float[] acc, int accOffset) {
        long base = row * rowBytes;
        int c = 0;
        for (; c < bound; c += F.length()) {
            FloatVector.fromMemorySegment(F, rows, base + 4L * c, ByteOrder.nativeOrder()).mul(w)
                    .add(FloatVector.fromArray(F, acc, accOffset + c)).intoArray(acc, accOffset + c);
        }
        for (; c < dim; c++) {
            acc[accOffset + c] += w * rows.get(FLOAT, base + 4L * c);
        }
    }

    private void ensure(int needed) {
        if (needed > capacity) {
            resize(Math.max(needed, capacity * 2));
        }
    }

    private void resize(int rowsWanted) {
        Arena next = Arena.ofShared();
        MemorySegment grown = next.allocate(Math.max(1, rowsWanted * rowBytes), 64);
        if (rows != null) {
            MemorySegment.copy(rows, 0, grown, 0, size * rowBytes);
            arena.close();
        }
        arena = next;
        rows = grown;
        capacity = rowsWanted;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
