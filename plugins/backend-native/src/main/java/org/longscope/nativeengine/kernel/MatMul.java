package org.longscope.nativeengine.kernel;

import java.lang.foreign.MemorySegment;

/**
 * Matrix products {@code out[t][r] = sum_c W[r][c] * x[t][c]} on a {@link ComputePool}: the
 * matrix-vector product for one token and the tiled matrix-matrix product for a chunk of tokens.
 *
 * <p>Work is split by blocks of weight rows. Weights that widen exactly to F32 go through
 * {@link PanelProduct} when there are at least {@link PanelProduct#TOKENS} tokens: each block is
 * copied, transposed, into panels of up to 1,024 columns that stay in L2 while every token passes
 * over them. Other weights, and a block's rows past the last whole panel, take tokens four at a
 * time and dot every row with the four, so a block of weights is still read from memory only once
 * per product.
 *
 * <p>One instance holds the arguments of the running product in fields (the pool's task reads
 * them), so a product allocates nothing (each thread's panel buffer is allocated once, by its first
 * packed product). Not thread-safe: one product at a time per instance.
 */
public final class MatMul implements ComputePool.Task {
    /** Task sizes in weight rows: multiples of a packed panel's 32 rows. */
    private static final int MIN_ROWS_PER_TASK = 32;
    private static final int MAX_ROWS_PER_TASK = 256;

    private final ComputePool pool;
    private WeightMatrix w;
    private Activations x;
    private int n;
    private MemorySegment out;
    private long outRowBytes;
    private int rowsPerTask;
    /** Each thread's panel and output tile, allocated on its first packed product. */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[][] {
        new float[PanelProduct.ROWS * PanelProduct.DEPTH], new float[PanelProduct.TOKENS * PanelProduct.ROWS]});

    public MatMul(ComputePool pool) {
        this.pool = pool;
    }

    /**
     * Computes {@code n} token rows of {@code x} times {@code w} into {@code out}, row t at byte
     * {@code t * outRowBytes}, column r at {@code r * 4} within it.
     */
    public void multiply(WeightMatrix w, Activations x, int n, MemorySegment out, long outRowBytes) {
        if (x.cols() != w.cols()) {
            throw new IllegalArgumentException(w.name() + ": expects " + w.cols() + " inputs, got " + x.cols());
        }
        if (w.quantizedInput()) {
            x.ensureQuantized(n);
        }
        this.w = w;
        this.x = x;
        this.n = n;
        this.out = out;
        this.outRowBytes = outRowBytes;
        try {
            this.rowsPerTask = rowsPerTask(w.rows(), pool.threads());
            pool.run((w.rows() + rowsPerTask - 1) / rowsPerTask, this);
        } finally {
            this.w = null;
            this.x = null;
            this.out = null;
        }
    }

    /**
     * About four tasks per thread, 32 to 256 rows each. Claiming a task costs two contended atomic
     * operations, which 32-row tasks of a large matrix paid thousands of times per product (a Q8_0
     * matrix-vector product on two threads: 15.9 GB/s with 32-row tasks, 19.9 with 128), while a
     * small matrix still needs several tasks per thread to keep both busy.
     */
    static int rowsPerTask(int rows, int threads) {
        int even = rows / (4 * threads) / MIN_ROWS_PER_TASK * MIN_ROWS_PER_TASK;
        return Math.max(MIN_ROWS_PER_TASK, Math.min(MAX_ROWS_PER_TASK, even));
    }

    /** {@code out[r] = W[r] . x[0]}: the matrix-vector product of one token. */
    public void multiply(WeightMatrix w, Activations x, MemorySegment out) {
        multiply(w, x, 1, out, (long) w.rows() * Float.BYTES);
    }

    @Override
    public void run(int chunk) {
        int r0 = chunk * rowsPerTask;
        int r1 = Math.min(w.rows(), r0 + rowsPerTask);
        if (n >= PanelProduct.TOKENS && w.packable()) {
            float[][] buffers = scratch.get();
            for (; r0 + PanelProduct.ROWS <= r1; r0 += PanelProduct.ROWS) {
                multiplyPanels(r0, buffers[0], buffers[1]);
            }
        }
        int t = 0;
        int tile = w.tileRows();
        for (; t + 4 <= n; t += 4) {
            int r = r0;
            for (; r + tile <= r1; r += tile) {
                w.dotTile(r, x, t, out, outRowBytes);
            }
            for (; r < r1; r++) {
                w.dot4(r, x, t, out, outRowBytes);
            }
        }
        for (; t < n; t++) {
            long base = t * outRowBytes;
            for (int r = r0; r < r1; r++) {
                out.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, base + (long) r * Float.BYTES, w.dot(r, x, t));
            }
        }
    }

    /** Weight rows {@code row0 .. row0 + PanelProduct.ROWS - 1} times all tokens, one packed panel of columns at a time. */
    private void multiplyPanels(int row0, float[] panel, float[] tile) {
        MemorySegment xs = x.valuesForRead();
        long xRowBytes = (long) x.cols() * Float.BYTES;
        for (int c0 = 0; c0 < w.cols(); c0 += PanelProduct.DEPTH) {
            int depth = Math.min(PanelProduct.DEPTH, w.cols() - c0);
            w.packPanel(row0, c0, depth, panel);
            for (int t = 0; t < n; t += PanelProduct.TOKENS) {
                PanelProduct.multiply(panel, depth, xs, x.rowOffset(t) + (long) c0 * Float.BYTES, xRowBytes,
                        Math.min(PanelProduct.TOKENS, n - t), out, t * outRowBytes + (long) row0 * Float.BYTES,
                        outRowBytes, c0 > 0, tile);
            }
        }
    }
}
