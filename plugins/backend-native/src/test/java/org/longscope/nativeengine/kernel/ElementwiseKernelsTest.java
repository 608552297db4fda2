package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Element-wise kernels against scalar definitions. Tolerances: half-float widening is exact for
 * every finite value; RMSNorm, SiLU and softmax within 1e-5 relative (vector exp and reduction
 * order differ from the scalar code).
 */
class ElementwiseKernelsTest {

    private static MemorySegment segment(Arena arena, float[] values) {
        MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, s, JAVA_FLOAT, 0, values.length);
        return s;
    }

    private static float[] random(Random r, int n, double scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * scale);
        }
        return f;
    }

    @Test
    void halfFloatWideningIsExactForEveryFiniteValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bits = arena.allocate(65536L * 2);
            for (int i = 0; i < 65536; i++) {
                bits.setAtIndex(JAVA_SHORT, i, (short) i);
            }
            MemorySegment out = arena.allocate(Species.L * 4L);
            for (int i = 0; i < 65536; i += Species.L) {
                Halfs.f16(bits, 2L * i).intoMemorySegment(out, 0, Species.LE);
                for (int j = 0; j < Species.L; j++) {
                    float expected = Float.float16ToFloat((short) (i + j));
                    if (Float.isFinite(expected)) {
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out.getAtIndex(JAVA_FLOAT, j)),
                                "half bits 0x" + Integer.toHexString(i + j));
                    }
                }
                Halfs.bf16(bits, 2L * i).intoMemorySegment(out, 0, Species.LE);
                for (int j = 0; j < Species.L; j++) {
                    assertEquals(Float.floatToRawIntBits(Float.intBitsToFloat((i + j) << 16)),
                            Float.floatToRawIntBits(out.getAtIndex(JAVA_FLOAT, j)));
                }
            }
        }
    }

    @Test
    void rmsNormSiluAndSoftmaxMatchScalar() {
        Random r = new Random(3);
        for (int n : new int[] {7, 64, 100, 1000}) {
            float[] x = random(r, n, 2);
            float[] w = random(r, n, 1);
            float[] up = random(r, n, 1);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment xs = segment(arena, x);
                MemorySegment out = arena.allocate((long) n * 4);
                VectorOps.rmsNorm(out, 0, xs, 0, segment(arena, w), 0, n, 1e-6f);
                double ss = 0;
                for (float v : x) {
                    ss += v * v;
                }
                double scale = 1 / Math.sqrt(ss / n + 1e-6);
                for (int i = 0; i < n; i++) {
                    assertEquals(x[i] * scale * w[i], out.getAtIndex(JAVA_FLOAT, i), 1e-5 * Math.abs(x[i] * scale * w[i]) + 1e-6);
                }

                MemorySegment gate = segment(arena, x);
                VectorOps.siluGate(gate, 0, segment(arena, up), 0, n);
                for (int i = 0; i < n; i++) {
                    double expected = x[i] / (1 + Math.exp(-x[i])) * up[i];
                    assertEquals(expected, gate.getAtIndex(JAVA_FLOAT, i), 1e-5 * Math.abs(expected) + 1e-6);
                }

                MemorySegment p = segment(arena, x);
                float logZ = VectorOps.softmax(p, 0, n, 0.7f);
                double max = Double.NEGATIVE_INFINITY;
                for (float v : x) {
                    max = Math.max(max, v / 0.7);
                }
                double sum = 0;
                for (float v : x) {
                    sum += Math.exp(v / 0.7 - max);
                }
                for (int i = 0; i < n; i++) {
                    double expected = Math.exp(x[i] / 0.7 - max) / sum;
                    assertEquals(expected, p.getAtIndex(JAVA_FLOAT, i), 1e-5 * expected + 1e-7);
                }
                assertEquals(max + Math.log(sum), logZ, 1e-5 * Math.abs(max + Math.log(sum)) + 1e-5);
            }
        }
    }

    @Test
    void quantizedActivationsFollowLlamaCpp() {
        Random r = new Random(9);
        int cols = 128;
        float[] x = random(r, cols, 3);
        try (Arena arena = Arena.ofShared()) {
            Activations a = new Activations(arena, 1, cols);
            MemorySegment.copy(x, 0, a.values(), JAVA_FLOAT, 0, cols);
            a.ensureQuantized(1);
            float[] expected = ScalarReference.quantizeQ8(x);
            for (int c = 0; c < cols; c++) {
                float d = a.scales().getAtIndex(JAVA_FLOAT, c / 32);
                assertEquals(expected[c], a.quants().getAtIndex(JAVA_FLOAT, c) * d, 1e-6f * Math.abs(expected[c]) + 1e-7);
            }
        }
    }
}
