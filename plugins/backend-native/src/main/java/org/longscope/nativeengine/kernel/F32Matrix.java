package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import org.longscope.kv.core.VectorMath;

/** F32 weights. */
final class F32Matrix extends WeightMatrix {
    private final long rowBytes;
    private final int vectorCols;

    F32Matrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
        this.rowBytes = (long) cols * Float.BYTES;
        this.vectorCols = cols - cols % L;
    }

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
            long o = (long) c * Float.BYTES;
            acc0 = FloatVector.fromMemorySegment(F, data, w + o, LE)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + o, LE), acc0);
            long o1 = o + (long) L * Float.BYTES;
            acc1 = FloatVector.fromMemorySegment(F, data, w + o1, LE)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + o1, LE), acc1);
        }
        for (; c < vectorCols; c += L) {
            long o = (long) c * Float.BYTES;
            acc0 = FloatVector.fromMemorySegment(F, data, w + o, LE)
                    .fma(FloatVector.fromMemorySegment(F, xs, xo + o, LE), acc0);
        }
        float sum = VectorMath.sum(acc0.add(acc1));
        for (; c < cols; c++) {
            long o = (long) c * Float.BYTES;
            sum += data.get(JAVA_FLOAT_UNALIGNED, w + o) * xs.get(JAVA_FLOAT_UNALIGNED, xo + o);
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
            FloatVector wv = FloatVector.fromMemorySegment(F, data, w + o, LE);
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
            float wc = data.get(JAVA_FLOAT_UNALIGNED, w + o);
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
    public int tileRows() {
        return 2;
    }

    /** 2 rows x 4 tokens: 6 loads feed 8 FMAs (a 1 x 4 tile needs 5 loads for 4). */
    @Override
    public void dotTile(int row, Activations x, int t0, MemorySegment out, long outRowBytes) {
        if (vectorCols != cols) {
            dot4(row, x, t0, out, outRowBytes);
            dot4(row + 1, x, t0, out, outRowBytes);
            return;
        }
        MemorySegment xs = x.valuesForRead();
        long w0 = row * rowBytes;
        long w1 = w0 + rowBytes;
        long x0 = x.rowOffset(t0);
        long x1 = x.rowOffset(t0 + 1);
        long x2 = x.rowOffset(t0 + 2);
        long x3 = x.rowOffset(t0 + 3);
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        for (int c = 0; c < cols; c += L) {
            long o = (long) c * Float.BYTES;
            FloatVector v0 = FloatVector.fromMemorySegment(F, xs, x0 + o, LE);
            FloatVector v1 = FloatVector.fromMemorySegment(F, xs, x1 + o, LE);
            FloatVector v2 = FloatVector.fromMemorySegment(F, xs, x2 + o, LE);
            FloatVector v3 = FloatVector.fromMemorySegment(F, xs, x3 + o, LE);
            FloatVector u = FloatVector.fromMemorySegment(F, data, w0 + o, LE);
            FloatVector w = FloatVector.fromMemorySegment(F, data, w1 + o, LE);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            a02 = u.fma(v2, a02);
            a03 = u.fma(v3, a03);
            a10 = w.fma(v0, a10);
            a11 = w.fma(v1, a11);
            a12 = w.fma(v2, a12);
            a13 = w.fma(v3, a13);
        }
        store(out, t0, row, outRowBytes, a00, a01, a02, a03);
        store(out, t0, row + 1, outRowBytes, a10, a11, a12, a13);
    }

    private static void store(MemorySegment out, int t0, int row, long outRowBytes, FloatVector s0, FloatVector s1,
            FloatVector s2, FloatVector s3) {
        out.set(JAVA_FLOAT_UNALIGNED, index(t0, row, outRowBytes), VectorMath.sum(s0));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 1, row, outRowBytes), VectorMath.sum(s1));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 2, row, outRowBytes), VectorMath.sum(s2));
        out.set(JAVA_FLOAT_UNALIGNED, index(t0 + 3, row, outRowBytes), VectorMath.sum(s3));
    }

    @Override
    boolean packable() {
        return true;
    }

    @Override
    void packPanel(int row0, int c0, int depth, float[] panel) {
        // column by column: the panel is written in order while the 32 source rows stream in parallel
        long first = row0 * rowBytes + (long) c0 * Float.BYTES;
        for (int c = 0; c < depth; c++) {
            long w = first + (long) c * Float.BYTES;
            int p = c * PanelProduct.ROWS;
            for (int r = 0; r < PanelProduct.ROWS; r++) {
                panel[p + r] = data.get(JAVA_FLOAT_UNALIGNED, w + r * rowBytes);
            }
        }
    }

    @Override
    public void dequantizeRow(int row, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(data, row * rowBytes, dst, dstOffset, rowBytes);
    }

    @Override
    public float get(int row, int col) {
        return data.get(JAVA_FLOAT_UNALIGNED, row * rowBytes + (long) col * Float.BYTES);
    }
}
