package org.longscope.kv.eviction;

import org.longscope.kv.core.testing.Driver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.Precision;
import org.longscope.kv.core.Rotary;

/** Small cases whose answers are worked out by hand (in the comments). */
class HandComputedTest {

    private static MemorySegment seg(Arena arena, float... x) {
        MemorySegment s = arena.allocate(x.length * 4L);
        MemorySegment.copy(x, 0, s, ValueLayout.JAVA_FLOAT, 0, x.length);
        return s;
    }

    /** The token indices a head kept, read back from values that encode them as (t, 0). */
    static int[] keptTokens(DenseCache cache, int layer, int head) {
        DenseHeadStore store = cache.store(layer, head);
        int[] kept = new int[store.size()];
        float[] v = new float[store.headDim()];
        for (int i = 0; i < kept.length; i++) {
            store.readValue(i, v, 0);
            kept[i] = Math.round(v[0]);
        }
        return kept;
    }

    /**
     * 10 prompt tokens, window 2, budget 5 (3 earlier tokens kept). The query (1, 0) with scale 1
     * puts attention mass proportional to m = [0, .30, 0, 0, .21, .25, .19, 0] on the 8 earlier tokens
     * (keys (ln m, 0); zero-mass tokens and the window get logit -30). Window sums are 2m/0.95.
     * kernel 1: top {1, 5, 4}; avg kernel 3 (sums .3 .3 .3 .21 .46 .65 .44 .19 over 3): {4, 5, 6};
     * max kernel 3 (.3 .3 .3 .21 .25 .25 .25 .19): {0, 1, 2}.
     */
    @Test
    void snapKvPoolingChoosesAsWorkedOut() {
        float[] mass = {0, .30f, 0, 0, .21f, .25f, .19f, 0, 0, 0};
        check("avg", 1, new int[] {1, 4, 5, 8, 9}, mass);
        check("avg", 3, new int[] {4, 5, 6, 8, 9}, mass);
        check("max", 3, new int[] {0, 1, 2, 8, 9}, mass);
    }

    private void check(String pool, int kernel, int[] expected, float[] mass) {
        CacheGeometry g = new CacheGeometry(1, 1, 2, 2, 64, 1f, null);
        DenseCache cache = (DenseCache) new SnapKvPolicy().create(g,
                Map.of("budget", 5, "window", 2, "pool", pool, "kernel", kernel));
        try (cache; Arena arena = Arena.ofConfined()) {
            float[] keys = new float[10 * 2];
            float[] values = new float[10 * 2];
            float[] queries = new float[10 * 2 * 2];
            for (int t = 0; t < 10; t++) {
                keys[2 * t] = mass[t] > 0 ? (float) Math.log(mass[t]) : -30f;
                values[2 * t] = t;
                queries[4 * t] = 1;
                queries[4 * t + 2] = 1;
            }
            cache.append(0, 0, 10, seg(arena, keys), seg(arena, values));
            cache.attend(0, 0, 10, seg(arena, queries), arena.allocate(queries.length * 4L));
            cache.endPrefill();
            assertArrayEquals(expected, keptTokens(cache, 0, 0), pool + " kernel " + kernel);
        }
    }

    /**
     * C = 128, W = 32, 4 layers, beta 20: min = 96 / 20 = 4, max = 192 - 4 = 188;
     * layer l keeps 188 - trunc(l * 184 / 3): 188, 127, 66, 4 (T = 1000).
     * T = 150 (118 candidates): max = 118, min = 192 - 118 = 74; 118 - trunc(l * 44 / 3): 118, 104, 89, 74.
     */
    @Test
    void pyramidBudgetsAsWorkedOut() {
        assertArrayEquals(new int[] {188, 127, 66, 4}, PyramidKvPolicy.layerBudgets(128, 32, 1000, 4, 20));
        assertArrayEquals(new int[] {118, 104, 89, 74}, PyramidKvPolicy.layerBudgets(128, 32, 150, 4, 20));
        assertArrayEquals(new int[] {96}, PyramidKvPolicy.layerBudgets(128, 32, 1000, 1, 20));
    }

    /**
     * Zero keys give uniform attention: prompt row 0 sees 1 token (p = 1), row 1 sees 2 (1/2 each),
     * row 2 sees 3 (1/3 each). Accumulated: [1 + 1/2 + 1/3, 1/2 + 1/3, 1/3], doubled for the 2 query
     * heads of the group: [11/3, 5/3, 2/3]. Budget 2 = heavy 1 + recent 1 keeps tokens 0 and 2. A decode
     * step first makes room: the new token fills the recent window, so both old tokens are candidates
     * for the one heavy slot and token 0 (11/3 against 2/3) stays: the cache keeps [0, 3].
     */
    @Test
    void h2oAccumulatesAsWorkedOut() {
        CacheGeometry g = CacheGeometry.of(1, 1, 2, 4, 64);
        AccumulatedAttention scorer = new AccumulatedAttention(g);
        EvictingCache cache = new EvictingCache(H2oPolicy.ID, g, Precision.FP32, H2oPolicy.eviction(scorer, 2, 1));
        try (cache; Arena arena = Arena.ofConfined()) {
            float[] values = new float[3 * 4];
            for (int t = 0; t < 3; t++) {
                values[4 * t] = t;
            }
            float[] queries = new float[3 * 2 * 4];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = (float) Math.sin(i);
            }
            cache.append(0, 0, 3, seg(arena, new float[3 * 4]), seg(arena, values));
            cache.attend(0, 0, 3, seg(arena, queries), arena.allocate(queries.length * 4L));
            float[] expected = {11f / 3, 5f / 3, 2f / 3};
            for (int t = 0; t < 3; t++) {
                assertEquals(expected[t], scorer.scoreOf(0, 0, t),
                        1e-5, "token " + t);
            }
            cache.endPrefill();
            assertArrayEquals(new int[] {0, 2}, keptTokens(cache, 0, 0));
            cache.append(0, 3, 1, seg(arena, new float[4]), seg(arena, 3, 0, 0, 0));
            cache.attend(0, 0, 1, seg(arena, new float[8]), arena.allocate(32));
            assertArrayEquals(new int[] {0, 3}, keptTokens(cache, 0, 0));
        }
    }

    /** Matches attention computed from unrotated keys placed at their cache slots. */
    @Test
    void streamingLlmRerotatesByCachePosition() {
        int d = 8;
        float[] frequencies = {1f, 0.3f, 0.05f, 0.01f};
        CacheGeometry.Rope rope = new CacheGeometry.Rope(frequencies, false);
        CacheGeometry g = new CacheGeometry(1, 1, 1, d, 64, 0.5f, rope);
        Rotary rotary = new Rotary(rope, d);
        Random random = new Random(4);
        int total = 12;
        float[][] rawKeys = new float[total][d];
        float[][] rawQueries = new float[total][d];
        float[][] values = new float[total][d];
        for (int t = 0; t < total; t++) {
            for (int c = 0; c < d; c++) {
                rawKeys[t][c] = (float) random.nextGaussian();
                rawQueries[t][c] = (float) random.nextGaussian();
                values[t][c] = (float) random.nextGaussian();
            }
        }
        int budget = 5;
        int sinks = 2;
        DenseCache cache = (DenseCache) new StreamingLlmPolicy().create(g,
                Map.of("budget", budget, "sinks", sinks, "rerotate", true));
        try (cache; Arena arena = Arena.ofConfined()) {
            for (int t = 0; t < total; t++) {
                float[] k = rawKeys[t].clone();
                rotary.rotate(k, 0, t); // the engine hands over keys rotated at their absolute position
                float[] q = rawQueries[t].clone();
                rotary.rotate(q, 0, t);
                cache.append(0, t, 1, seg(arena, k), seg(arena, values[t]));
                MemorySegment out = arena.allocate(d * 4L);
                cache.attend(0, 0, 1, seg(arena, q), out);
                // reference: the kept tokens in order, key of slot s rotated at s, query at its own slot
                int[] kept = keptTokens(cache, t);
                double[] expected = referenceAttention(kept, rawKeys, rawQueries[t], values, rotary, 0.5);
                float[] actual = new float[d];
                MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, actual, 0, d);
                for (int c = 0; c < d; c++) {
                    assertEquals(expected[c], actual[c], 1e-5, "token " + t + " channel " + c);
                }
                if (t == 5) {
                    cache.endPrefill();
                }
            }
            assertEquals(budget, cache.store(0, 0).size());
        }
    }

    /** Tokens a StreamingLLM cache holds at step t when decoding starts after token 5. */
    private static int[] keptTokens(DenseCache cache, int t) {
        int size = cache.store(0, 0).size();
        int[] kept = new int[size];
        if (t <= 5) {
            for (int i = 0; i < size; i++) {
                kept[i] = i;
            }
            return kept;
        }
        kept[0] = 0;
        kept[1] = 1;
        for (int i = 2; i < size; i++) {
            kept[i] = t - (size - 1 - i);
        }
        return kept;
    }

    private static double[] referenceAttention(int[] kept, float[][] rawKeys, float[] rawQuery, float[][] values,
            Rotary rotary, double scale) {
        int d = rawQuery.length;
        float[] q = rawQuery.clone();
        rotary.rotate(q, 0, kept.length - 1);
        double[] s = new double[kept.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int slot = 0; slot < kept.length; slot++) {
            float[] k = rawKeys[kept[slot]].clone();
            rotary.rotate(k, 0, slot);
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += (double) q[c] * k[c];
            }
            s[slot] = dot * scale;
            max = Math.max(max, s[slot]);
        }
        double sum = 0;
        double[] out = new double[d];
        for (int slot = 0; slot < kept.length; slot++) {
            double w = Math.exp(s[slot] - max);
            sum += w;
            for (int c = 0; c < d; c++) {
                out[c] += w * values[kept[slot]][c];
            }
        }
        for (int c = 0; c < d; c++) {
            out[c] /= sum;
        }
        return out;
    }

    @Test
    void adaKvSharesTheLayerBudgetWithAFloorPerHead() {
        CacheGeometry g = CacheGeometry.of(2, 4, 8, 16, 1024);
        Driver driver = new Driver(g, 300, 0, 41);
        // give heads different attention sharpness so the shared budget is uneven
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < driver.queries[l].length; i++) {
                int head = (i / 16) % 8;
                driver.queries[l][i] *= 0.2f + head;
            }
        }
        DenseCache cache = (DenseCache) new AdaKvPolicy().create(g, Map.of("budget", 64, "window", 16));
        try (cache) {
            driver.run(cache, 128);
            int floor = (int) (0.2 * 48);
            for (int l = 0; l < 2; l++) {
                int total = 0;
                boolean uneven = false;
                for (int h = 0; h < 4; h++) {
                    int size = cache.store(l, h).size();
                    assertTrue(size >= floor + 16, "head " + h + " keeps " + size);
                    uneven |= size != 64;
                    total += size;
                }
                assertEquals(4 * 64, total, "layer " + l);
                assertTrue(uneven, "budgets adapt per head");
            }
        }
    }

    @Test
    void outOfRangeParametersNameTheValidRange() {
        CacheGeometry g = CacheGeometry.of(1, 1, 1, 8, 64);
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> new SnapKvPolicy().create(g, Map.of("budget", 16, "window", 16)));
        assertEquals("snapkv.window", e.location());
        assertTrue(e.getMessage().contains("[1, 15]"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> new SnapKvPolicy().create(g, Map.of("kernel", 4)));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> new StreamingLlmPolicy().create(g, Map.of("rerotate", true)));
        assertEquals("streamingllm.rerotate", e.location());
        e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> new H2oPolicy().create(g, Map.of("budget", "0")));
        assertTrue(e.getMessage().contains("[1, 16777216]"), e.getMessage());
    }
}
