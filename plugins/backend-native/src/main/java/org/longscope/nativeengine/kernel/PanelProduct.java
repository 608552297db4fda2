package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The register-tiled core of the matrix-matrix product for weights that widen exactly to F32 (F32,
 * F16, BF16), in the style of BLIS and llamafile's sgemm: a panel of {@link #ROWS} weight rows and
 * up to {@link #DEPTH} columns is first copied transposed into a float array
 * ({@code panel[c * ROWS + r]}): one column of the panel is two vector loads;
 * each column then feeds {@link #TOKENS} tokens x 2 vectors = 12 independent FMA chains, with the
 * token's activation broadcast. The 12 accumulators hold outputs directly (lanes run along weight
 * rows, which are contiguous in the output), so no horizontal sums are needed, and the loop does 8
 * loads per 12 FMAs: the FMA units, not the loads, set the pace.
 */
final class PanelProduct {
    /** Weight rows per panel: two vectors. */
    static final int ROWS = 2 * L;
    /**
     * Columns per panel: 128 KiB of floats at 16 lanes, which stays in L2 with the six activation
     * rows while every token passes over it (a whole 4864-column row block measured 25% slower).
     */
    static final int DEPTH = 1024;
    /** Tokens per register tile. */
    static final int TOKENS = 6;

    private PanelProduct() {
    }

    /**
     * Writes (or, if {@code accumulate}, adds) the product of the panel's {@code depth} columns with
     * {@code tokens} (1..6) activation rows to {@code out}: row j of the activations starts at {@code xs[x0 + j * xRowBytes]}, its
     * output at {@code out[o0 + j * outRowBytes]} ({@link #ROWS} floats). {@code tile} is scratch
     * of {@code TOKENS * ROWS} floats.
     */
    static void multiply(float[] panel, int depth, MemorySegment xs, long x0, long xRowBytes, int tokens,
            MemorySegment out, long o0, long outRowBytes, boolean accumulate, float[] tile) {
        // rows past the last token re-read the first one; their sums are never stored
        long x1 = x0 + (tokens > 1 ? xRowBytes : 0);
        long x2 = x0 + (tokens > 2 ? 2 * xRowBytes : 0);
        long x3 = x0 + (tokens > 3 ? 3 * xRowBytes : 0);
        long x4 = x0 + (tokens > 4 ? 4 * xRowBytes : 0);
        long x5 = x0 + (tokens > 5 ? 5 * xRowBytes : 0);
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a40 = a00;
        FloatVector a41 = a00;
        FloatVector a50 = a00;
        FloatVector a51 = a00;
        for (int c = 0; c < depth; c++) {
            FloatVector w0 = FloatVector.fromArray(F, panel, c * ROWS);
            FloatVector w1 = FloatVector.fromArray(F, panel, c * ROWS + L);
            long o = (long) c * Float.BYTES;
            FloatVector x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x0 + o));
            a00 = w0.fma(x, a00);
            a01 = w1.fma(x, a01);
            x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x1 + o));
            a10 = w0.fma(x, a10);
            a11 = w1.fma(x, a11);
            x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x2 + o));
            a20 = w0.fma(x, a20);
            a21 = w1.fma(x, a21);
            x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x3 + o));
            a30 = w0.fma(x, a30);
            a31 = w1.fma(x, a31);
            x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x4 + o));
            a40 = w0.fma(x, a40);
            a41 = w1.fma(x, a41);
            x = FloatVector.broadcast(F, xs.get(JAVA_FLOAT_UNALIGNED, x5 + o));
            a50 = w0.fma(x, a50);
            a51 = w1.fma(x, a51);
        }
        a00.intoArray(tile, 0);
        a01.intoArray(tile, L);
        a10.intoArray(tile, ROWS);
        a11.intoArray(tile, ROWS + L);
        a20.intoArray(tile, 2 * ROWS);
        a21.intoArray(tile, 2 * ROWS + L);
        a30.intoArray(tile, 3 * ROWS);
        a31.intoArray(tile, 3 * ROWS + L);
        a40.intoArray(tile, 4 * ROWS);
        a41.intoArray(tile, 4 * ROWS + L);
        a50.intoArray(tile, 5 * ROWS);
        a51.intoArray(tile, 5 * ROWS + L);
        copyOut(tile, tokens, out, o0, outRowBytes, accumulate);
    }

    /**
     * The tile's first {@code tokens} rows to {@code out}. A method of its own, outside the loop
     * above: C2 then keeps the loop small enough to inline every vector operation (a larger body
     * boxed the accumulators and ran 8x slower); no vector crosses the call.
     */
    private static void copyOut(float[] tile, int tokens, MemorySegment out, long o0, long outRowBytes, boolean accumulate) {
        for (int j = 0; j < tokens; j++) {
            long o = o0 + j * outRowBytes;
            if (!accumulate) {
                MemorySegment.copy(tile, j * ROWS, out, JAVA_FLOAT_UNALIGNED, o, ROWS);
                continue;
            }
            for (int r = 0; r < ROWS; r += L) {
                long at = o + (long) r * Float.BYTES;
                FloatVector.fromArray(F, tile, j * ROWS + r).add(FloatVector.fromMemorySegment(F, out, at, LE))
                        .intoMemorySegment(out, at, LE);
            }
        }
    }
}
