package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import org.longscope.kv.core.VectorMath;

/** 16-bit float weights (F16 or BF16), widened to F32 in registers. */
abstract sealed class HalfMatrix extends WeightMatrix permits F16Matrix, BF16Matrix {
    private final long rowBytes;
    private final int vectorCols;

    HalfMatrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
        this.rowBytes = (long) cols * Short.BYTES;
        this.vectorCols = cols - cols % L;
    }

    /** {@link Species#L} weights starting at byte {@code offset}, as floats. */
    abstract FloatVector load(long offset);

    /** One weight as a float. */
    abstract float toFloat(short bits);

    @Override
    public boolean quantizedInput() {
        return false;
    }

    @Override
    public float dot(int row, Activations x, int t) {
        MemorySegment xs = x.valuesForRead();
        long w = row * rowBytes;
        long xo = x.rowOffset(t);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * L <= vectorCols; c += 2 * L) {
            acc0 = load(w + (long) c * Short.BYTES)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + (long) c * Float.BYTES, LE), acc0);
            acc1 = load(w + (long) (c + L) * Short.BYTES)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + (long) (c + L) * Float.BYTES, LE), acc1);
        }
        for (; c < vectorCols; c += L) {
            acc0 = load(w + (long) c * Short.BYTES)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + (long) c * Float.BYTES, LE), acc0);
        }
        float sum = VectorMath.sum(acc0.add(acc1));
        for (; c < cols; c++) {
            sum += toFloat(data.get(JAVA_SHORT_UNALIGNED, w + (long) c * Short.BYTES))
                    * xs.get(JAVA_FLOAT_UNALIGNED, xo + (long) c * Float.BYTES);
        }
        return sum;
    }

    @Override
    public void dot4(int row, Activations x, int t0, MemorySegment out, long outRowBytes) {
        MemorySegment xs = x.valuesForRead();
        long w = row * rowBytes;
        long x0 = x.rowOffset(t0);
        long x1 = x.rowOffset(t0 + 1);
        long x2 = x.rowOffset(t0 + 2);
        long x3 = x.rowOffset(t0 + 3);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < vectorCols; c += L) {
            long o = (long) c * Float.BYTES;
            FloatVector wv = load(w + (long) c * Short.BYTES);
            a0 = wv.fma(FloatVector.fromMemorySegment(F, xs, x0 + o, LE), a0);
            a1 = wv.fma(FloatVector.fromMemorySegment(F, xs, x1 + o, LE), a1);
            a2 = wv.fma(FloatVector.fromMemorySegment(F, xs, x2 + o, LE), a2);
            a3 = wv.fma(FloatVector.fromMemorySegment(F, xs, x3 + o, LE), a3);
        }
        float s0 = VectorMath.sum(a0);
        float s1 = VectorMath.sum(a1);
        float s2 = VectorMath.sum(a2);
        float s3 = VectorMath.sum(a3);
        for (; c < cols; c++) {
            long o = (long) c * Float.BYTES;
            float wc = toFloat(data.get(JAVA_SHORT_UNALIGNED, w + (long) c * Short.BYTES));
            s0 += wc * xs.get(JAVA_FLOAT_UNALIGNED, x0 + o);
            s1 += wc * xs.get(JAVA_FLOAT_UNALIGNED, x1 + o);
            s2 += wc * xs.get(JAVA_FLOAT_UNALIGNED, x2 + o);
            s3 += wc * xs.get(JAVA_FLOAT_UNALIGNED, x3 + o);
        }
        out.set(JAVA_FLOAT_UNALIGNED, index(t0, row, outRowBytes), s0);
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 1, row, outRowBytes), s1);
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 2, row, outRowBytes), s2);
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 3, row, outRowBytes), s3);
    }

    @Override
    boolean packable() {
        return true;
    }

    @Override
    void packPanel(int row0, int c0, int depth, float[] panel) {
        for (int r = 0; r < PanelProduct.ROWS; r++) {
            long w = (row0 + r) * rowBytes + (long) c0 * Short.BYTES;
            for (int c = 0; c < depth; c++) {
                panel[c * PanelProduct.ROWS + r] = toFloat(data.get(JAVA_SHORT_UNALIGNED, w + (long) c * Short.BYTES));
            }
        }
    }

    @Override
    public void dequantizeRow(int row, MemorySegment dst, long dstOffset) {
        long w = row * rowBytes;
        for (int c = 0; c < cols; c++) {
            dst.set(JAVA_FLOAT_UNALIGNED, dstOffset + (long) c * Float.BYTES,
                    toFloat(data.get(JAVA_SHORT_UNALIGNED, w + (long) c * Short.BYTES)));
        }
    }

    @Override
    public float get(int row, int col) {
        return toFloat(data.get(JAVA_SHORT_UNALIGNED, row * rowBytes + (long) col * Short.BYTES));
    }
}
