package org.longscope.nativeengine.kernel;

import java.lang.foreign.MemorySegment;
import org.longscope.nativeengine.model.Tensor;

/**
 * A weight matrix {@code [rows][cols]} in one storage type, with the dot products of its rows
 * against activation rows. Row {@code r} of the product of {@code n} tokens is
 * {@code out[t][r] = sum_c W[r][c] * x[t][c]}.
 *
 * <p>{@link #dot4} computes one weight row against four tokens at once, converting each weight
 * vector once for the four: the building block of the tiled matrix-matrix product.
 */
public abstract sealed class WeightMatrix permits F32Matrix, HalfMatrix, Q8_0Matrix, Q4_0Matrix, KQuantMatrix {
    protected final String name;
    protected final int rows;
    protected final int cols;
    protected final MemorySegment data;

    protected WeightMatrix(String name, int rows, int cols, MemorySegment data) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** The kernel for a tensor's storage type. */
    public static WeightMatrix of(Tensor t) {
        int rows = t.rows();
        int cols = t.cols();
        return switch (t.type()) {
            case F32 -> new F32Matrix(t.name(), rows, cols, t.data());
            case F16 -> new F16Matrix(t.name(), rows, cols, t.data());
            case BF16 -> new BF16Matrix(t.name(), rows, cols, t.data());
            case Q8_0 -> new Q8_0Matrix(t.name(), rows, cols, t.data());
            case Q4_0 -> new Q4_0Matrix(t.name(), rows, cols, t.data());
            case Q4_K -> new Q4KMatrix(t.name(), rows, cols, t.data());
            case Q6_K -> new Q6KMatrix(t.name(), rows, cols, t.data());
            default -> throw new UnsupportedOperationException(
                    t.name() + ": tensor type " + t.type() + " is not supported by the native engine's kernels");
        };
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Bytes of weights read by one full product (all rows once). */
    public long bytes() {
        return data.byteSize();
    }

    /** Whether the activations must be Q8_0-quantized first (quantized weights). */
    public abstract boolean quantizedInput();

    /** Dot product of weight row {@code row} with activation row {@code t}. */
    public abstract float dot(int row, Activations x, int t);

    /** Dot products of weight row {@code row} with activation rows t0..t0+3, written to {@code out[t][row]}. */
    public abstract void dot4(int row, Activations x, int t0, MemorySegment out, long outRowBytes);

    /** Weight rows one {@link #dotTile} covers. */
    public int tileRows() {
        return 1;
    }

    /**
     * Dot products of weight rows {@code row..row+tileRows()} with activation rows t0..t0+3 (a
     * register tile: each loaded vector is used by several accumulators).
     */
    public void dotTile(int row, Activations x, int t0, MemorySegment out, long outRowBytes) {
        dot4(row, x, t0, out, outRowBytes);
    }

    /**
     * Whether {@link #packPanel} is available: weights that widen exactly to F32 take the
     * {@link PanelProduct} path in matrix-matrix products; quantized weights keep dotting
     * quantized activations.
     */
    boolean packable() {
        return false;
    }

    /**
     * Copies weight rows {@code row0 .. row0 + PanelProduct.ROWS - 1}, columns {@code c0 .. c0 + depth - 1},
     * transposed into {@code panel[(c - c0) * PanelProduct.ROWS + (r - row0)]}.
     */
    void packPanel(int row0, int c0, int depth, float[] panel) {
        throw new UnsupportedOperationException(name + ": no packed panels for this storage type");
    }

    /** Writes row {@code row} as floats to {@code dst} at {@code dstOffset} (embedding lookup). */
    public abstract void dequantizeRow(int row, MemorySegment dst, long dstOffset);

    /** Element (row, col) as a float; slow, for references and tests. */
    public abstract float get(int row, int col);

    protected static long index(int t, int row, long outRowBytes) {
        return t * outRowBytes + (long) row * Float.BYTES;
    }
}
