package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.Tensor;

/**
 * Matrix products of every weight type against a plain scalar reference.
 *
 * <p>Tolerances: the kernel and the reference compute the same sum in a different order, so they
 * agree within 1e-5 of the sum of absolute terms for every type. For quantized weights the
 * reference is llama.cpp's definition (dequantized weights times Q8_0-quantized activations); the
 * quantization error against the exact F32 product is checked separately (Q8_0 within 2%, Q4_0
 * within 15% of the product's magnitude).
 */
class MatMulTest {
    private static ComputePool pool;

    @BeforeAll
    static void startPool() {
        pool = new ComputePool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static WeightMatrix matrix(Arena arena, float[] values, int rows, int cols, GgmlType type) {
        MemorySegment seg = arena.allocate(type.bytesFor((long) rows * cols), 64);
        WeightEncoder.encode(values, 0, rows * cols, type, seg, 0);
        return WeightMatrix.of(new Tensor("w", type, new long[] {rows, cols}, seg));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void productsEqualScalarReference(GgmlType type) {
        boolean kQuant = type == GgmlType.Q4_K || type == GgmlType.Q6_K;
        boolean quantized = type == GgmlType.Q8_0 || type == GgmlType.Q4_0 || kQuant;
        // 100 columns: a scalar tail after the vector body; 96: whole vectors (register-tiled path);
        // 1100: two packed panels along the columns (1,024 + 76), the second one added to the first
        // K-quants: one and two super-blocks of 256
        for (int cols : kQuant ? new int[] {256, 512} : quantized ? new int[] {96} : new int[] {96, 100, 1100}) {
            productsEqualScalarReference(type, quantized, 77, cols);
        }
    }

    private void productsEqualScalarReference(GgmlType type, boolean quantized, int rows, int cols) {
        Random random = new Random(42 + type.ordinal());
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix m = matrix(arena, w, rows, cols, type);
            MatMul matMul = new MatMul(pool);
            // 7, 9 and 13 tokens: packed tiles of 6 with partial last tiles; 77 rows: two panels and a rest
            for (int n : new int[] {1, 3, 4, 7, 9, 13}) {
                Activations x = new Activations(arena, n, cols);
                float[][] xs = new float[n][cols];
                for (int t = 0; t < n; t++) {
                    for (int c = 0; c < cols; c++) {
                        xs[t][c] = (float) random.nextGaussian();
                        x.values().setAtIndex(JAVA_FLOAT, (long) t * cols + c, xs[t][c]);
                    }
                }
                MemorySegment out = arena.allocate((long) n * rows * Float.BYTES);
                if (n == 1) {
                    matMul.multiply(m, x, out);
                } else {
                    matMul.multiply(m, x, n, out, (long) rows * Float.BYTES);
                }
                for (int t = 0; t < n; t++) {
                    float[] xr = quantized ? ScalarReference.quantizeQ8(xs[t]) : xs[t];
                    for (int r = 0; r < rows; r++) {
                        double ref = 0;
                        double abs = 0;
                        double exact = 0;
                        double exactAbs = 0;
                        for (int c = 0; c < cols; c++) {
                            ref += (double) m.get(r, c) * xr[c];
                            abs += Math.abs((double) m.get(r, c) * xr[c]);
                            exact += (double) w[r * cols + c] * xs[t][c];
                            exactAbs += Math.abs((double) w[r * cols + c] * xs[t][c]);
                        }
                        float got = out.getAtIndex(JAVA_FLOAT, (long) t * rows + r);
                        assertEquals(ref, got, 1e-5 * abs, type + " n=" + n + " t=" + t + " row=" + r);
                        double quantTolerance = switch (type) {
                            case Q8_0 -> 0.02;
                            case Q4_0, Q4_K -> 0.15;
                            case Q6_K -> 0.05;
                            case F16, BF16 -> 0.01;
                            default -> 1e-5;
                        };
                        assertEquals(exact, got, quantTolerance * exactAbs, type + " vs exact F32 product");
                    }
                }
            }
        }
    }

    /** A block-quantized matrix whose rows do not fill whole blocks is refused, naming the tensor. */
    @ParameterizedTest
    @EnumSource(names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void rowsThatDoNotFillBlocksAreRefused(GgmlType type) {
        int cols = type.blockSize() == 32 ? 48 : 384; // 1.5 blocks per row; two rows fill whole blocks
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(type.bytesFor(2L * cols));
            Tensor t = new Tensor("blk.3.ffn_down.weight", type, new long[] {2, cols}, seg);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeightMatrix.of(t));
            assertTrue(e.getMessage().contains("blk.3.ffn_down.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("multiple of " + type.blockSize() + " columns"), e.getMessage());
        }
    }

    @Test
    void tasksAreWholePanelsAboutFourPerThread() {
        assertEquals(32, MatMul.rowsPerTask(128, 2));       // a small projection still splits in 4
        assertEquals(96, MatMul.rowsPerTask(896, 2));       // 10 tasks for 2 threads
        assertEquals(256, MatMul.rowsPerTask(151_936, 2));  // capped: an output matrix in 594 tasks
        assertEquals(32, MatMul.rowsPerTask(77, 3));
        for (int rows = 1; rows < 5000; rows += 37) {
            assertEquals(0, MatMul.rowsPerTask(rows, 2) % 32, "rows " + rows);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void dequantizedRowsMatchElements(GgmlType type) {
        int rows = 3;
        int cols = 512;
        Random random = new Random(7);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix m = matrix(arena, w, rows, cols, type);
            MemorySegment row = arena.allocate((long) cols * Float.BYTES);
            m.dequantizeRow(2, row, 0);
            for (int c = 0; c < cols; c++) {
                assertEquals(m.get(2, c), row.getAtIndex(JAVA_FLOAT, c), 0f);
                assertTrue(Math.abs(m.get(2, c) - w[2 * cols + c]) <= (type == GgmlType.Q4_0 || type == GgmlType.Q4_K ? 0.5
                        : type == GgmlType.Q6_K ? 0.15 : 0.05),
                        type + " element " + c);
            }
        }
    }
}
