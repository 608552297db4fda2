package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RoPE layouts and frequency scaling against their scalar definitions (within 1e-5). */
class RopeTest {

    @Test
    void rotatesPairsOfBothLayoutsByPositionTimesFrequency() {
        int headDim = 64;
        int heads = 3;
        float[] freqs = Rope.baseFrequencies(headDim, 10000);
        Random r = new Random(5);
        for (boolean interleaved : new boolean[] {true, false}) {
            Rope rope = new Rope(headDim, freqs, interleaved, 4);
            rope.prepare(1000, 4);
            float[] x = new float[heads * headDim];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate((long) x.length * 4);
                MemorySegment.copy(x, 0, seg, JAVA_FLOAT, 0, x.length);
                rope.apply(seg, 0, heads, 2); // token 2 of the chunk: position 1002
                for (int h = 0; h < heads; h++) {
                    for (int i = 0; i < headDim / 2; i++) {
                        int a = h * headDim + (interleaved ? 2 * i : i);
                        int b = h * headDim + (interleaved ? 2 * i + 1 : i + headDim / 2);
                        double angle = 1002.0 * freqs[i];
                        double ea = x[a] * Math.cos(angle) - x[b] * Math.sin(angle);
                        double eb = x[a] * Math.sin(angle) + x[b] * Math.cos(angle);
                        assertEquals(ea, seg.getAtIndex(JAVA_FLOAT, a), 1e-4, "layout interleaved=" + interleaved);
                        assertEquals(eb, seg.getAtIndex(JAVA_FLOAT, b), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void llama3ScalingKeepsHighFrequenciesDividesLowOnesAndInterpolatesBetween() {
        float[] base = Rope.baseFrequencies(128, 500000);
        float[] scaled = Rope.llama3Scaled(base, 8, 1, 4, 8192);
        for (int i = 0; i < base.length; i++) {
            double wavelen = 2 * Math.PI / base[i];
            if (wavelen < 8192 / 4.0) {
                assertEquals(base[i], scaled[i], 0f);
            } else if (wavelen > 8192) {
                assertEquals(base[i] / 8, scaled[i], 1e-6f * base[i]);
            } else {
                double smooth = (8192 / wavelen - 1) / (4 - 1);
                assertEquals((1 - smooth) * base[i] / 8 + smooth * base[i], scaled[i], 1e-6 * base[i]);
                org.junit.jupiter.api.Assertions.assertTrue(scaled[i] < base[i] && scaled[i] > base[i] / 8);
            }
        }
        assertArrayEquals(new float[] {1f, 0.25f}, Rope.divided(new float[] {2f, 1f}, new float[] {2f, 4f}));
    }
}
