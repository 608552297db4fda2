package org.longscope.kv.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscope.api.kv.CacheGeometry;

class BuildingBlocksTest {

    @Test
    void averagePoolingCountsZeroPaddingLikeSnapKv() {
        float[] in = {1, 2, 3, 4, 5, 6};
        float[] out = new float[6];
        Pooling.pool(Pooling.Kind.AVG, 5, in, 0, 6, out);
        // edges: (0+0+1+2+3)/5, (0+1+2+3+4)/5; middle: (1+2+3+4+5)/5 ...
        assertArrayEquals(new float[] {6 / 5f, 10 / 5f, 15 / 5f, 20 / 5f, 18 / 5f, 15 / 5f}, out, 1e-6f);
        Pooling.pool(Pooling.Kind.MAX, 3, new float[] {0, 5, 1, 0, -2, 7}, 0, 6, out);
        assertArrayEquals(new float[] {5, 5, 5, 1, 7, 7}, out);
    }

    @Test
    void topKPrefersHigherScoresThenLowerIndex() {
        int[] out = new int[3];
        TopK.select(new float[] {0.5f, 2f, 0.5f, -1f, 2f, Float.NaN}, 6, 3, out);
        assertArrayEquals(new int[] {0, 1, 4}, out);
    }

    @Test
    void quantizerHandComputed() {
        GroupQuantizer q = new GroupQuantizer(2);
        float[] x = {0f, 1f, 2f, 3f, 1.4f, 1.6f};
        int params = q.fit(x, 0, 1, 4, null);
        assertEquals(1f, GroupQuantizer.scale(params));
        assertEquals(0f, GroupQuantizer.min(params));
        assertEquals(1, q.code(1.4f, 1f, 0f));
        assertEquals(2, q.code(1.6f, 1f, 0f));
        assertEquals(3, q.code(9f, 1f, 0f)); // clamped
        assertEquals(0, q.code(-9f, 1f, 0f));
        // max == min: scale 0, every code 0, restored exactly
        int flat = q.fit(new float[] {2.5f, 2.5f, 2.5f}, 0, 1, 3, null);
        assertEquals(0f, GroupQuantizer.scale(flat));
        assertEquals(2.5f, GroupQuantizer.min(flat));
        assertEquals(0, q.code(2.5f, 0f, 2.5f));
        // an excluded outlier is left out of min/max
        int without = q.fit(new float[] {0f, 100f, 3f}, 0, 1, 3, new long[] {0b10});
        assertEquals(1f, GroupQuantizer.scale(without));
        // 4-bit: (max - min)/15 rounded to fp16
        GroupQuantizer q4 = new GroupQuantizer(4);
        int p4 = q4.fit(new float[] {-1f, 2f}, 0, 1, 2, null);
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(0.2f)), GroupQuantizer.scale(p4));
        assertEquals(-1f, GroupQuantizer.min(p4));
    }

    @Test
    void packedCodesRoundTripAndVectorLoopsMatchScalar() {
        Random random = new Random(3);
        for (int bits : new int[] {2, 4, 8}) {
            for (int dim : new int[] {64, 128, 24}) {
                PackedCodes packed = new PackedCodes(dim, bits);
                int[] codes = new int[dim];
                float[] q = Reference.random(random, dim);
                double expectedDot = 0;
                for (int c = 0; c < dim; c++) {
                    codes[c] = random.nextInt(1 << bits);
                    expectedDot += q[c] * codes[c];
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment row = arena.allocate(packed.rowBytes() + 64);
                    packed.pack(codes, 0, row, 8);
                    for (int c = 0; c < dim; c++) {
                        assertEquals(codes[c], packed.get(row, 8, c));
                    }
                    assertEquals(expectedDot, packed.dot(row, 8, q, 0), 1e-3);
                    float[] unpacked = new float[dim];
                    packed.unpack(row, 8, unpacked, 0);
                    for (int c = 0; c < dim; c++) {
                        assertEquals(codes[c], unpacked[c]);
                    }
                    assertEquals(expectedDot, VectorMath.dot(q, 0, unpacked, 0, dim), 1e-3);
                    int group = dim == 24 ? 8 : 32;
                    float[] a = Reference.random(random, dim / group);
                    float[] b = Reference.random(random, dim / group);
                    float[] acc = Reference.random(random, dim);
                    float[] expected = acc.clone();
                    for (int c = 0; c < dim; c++) {
                        expected[c] += a[c / group] * codes[c] + b[c / group];
                    }
                    packed.accumulate(row, 8, a, b, group, acc, 0);
                    assertArrayEquals(expected, acc, 1e-4f);
                }
            }
        }
    }

    @Test
    void rotaryComposesRotations() {
        int d = 8;
        CacheGeometry.Rope rope = new CacheGeometry.Rope(new float[] {1f, 0.1f, 0.01f, 0.001f}, false);
        Rotary rotary = new Rotary(rope, d);
        float[] x = Reference.random(new Random(1), d);
        float[] y = x.clone();
        rotary.rotate(y, 0, 5);
        rotary.rotate(y, 0, -2);
        float[] z = x.clone();
        rotary.rotate(z, 0, 3);
        assertArrayEquals(z, y, 1e-5f);
        // rotate-half pairs (0,4): angle 3 rad on the first pair
        assertEquals(x[0] * Math.cos(3) - x[4] * Math.sin(3), z[0], 1e-5);
    }

    @Test
    void probabilitiesOfEveryRowSumToOne() {
        int d = 16;
        Random random = new Random(5);
        try (DenseHeadStore store = new DenseHeadStore(Precision.FP32, d, 1000)) {
            for (int t = 0; t < 150; t++) {
                store.append(Reference.random(random, d), 0, Reference.random(random, d), 0);
            }
            AttentionKernel kernel = new AttentionKernel(d);
            int n = 10;
            int heads = 3;
            float[] q = Reference.random(random, n * heads * d);
            float[] lse = new float[n * heads];
            kernel.logSumExp(new KvSpan[] {store}, 0, q, n, heads, 0.25f, lse);
            float[] perHead = new float[heads * 150];
            kernel.addProbabilities(store, true, q, n, heads, 0.25f, lse, perHead, 150);
            for (int h = 0; h < heads; h++) {
                double sum = 0;
                for (int t = 0; t < 150; t++) {
                    sum += perHead[h * 150 + t];
                }
                assertEquals(n, sum, 1e-4, "head " + h);
            }
        }
    }
}
