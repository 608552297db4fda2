package org.longscope.kv.quant;

import org.longscope.kv.core.testing.Driver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.full.FullPolicy;

class QuantizedCacheTest {
    static final CacheGeometry GEOMETRY = CacheGeometry.of(3, 2, 6, 64, 8192);

    private static float[][] run(KvCache cache, Driver driver) {
        try (cache) {
            return driver.run(cache, 100);
        }
    }

    @Test
    void kivi8BitIsWithinStatedErrorOfFull() {
        Driver driver = new Driver(GEOMETRY, 400, 40, 21);
        float[][] full = run(new FullPolicy().create(GEOMETRY, Map.of()), driver);
        float[][] kivi = run(new KiviPolicy().create(GEOMETRY, Map.of("bits", 8)), driver);
        double maxError = 0;
        for (int l = 0; l < full.length; l++) {
            for (int i = 0; i < full[l].length; i++) {
                maxError = Math.max(maxError, Math.abs(full[l][i] - kivi[l][i]));
            }
        }
        // 8-bit codes: a group's step is (max - min) / 255, about 0.03 for unit Gaussians
        assertTrue(maxError < 0.02, "max abs error " + maxError);
        assertTrue(maxError > 0, "decoding must read quantized tokens");
    }

    @Test
    void ottWithoutOutliersIsKivi() {
        Driver driver = new Driver(GEOMETRY, 300, 40, 22);
        float[][] kivi = run(new KiviPolicy().create(GEOMETRY, Map.of("bits", 2, "G", 32, "R", 64)), driver);
        float[][] ott = run(new OttPolicy().create(GEOMETRY, Map.of("bits", 2, "G", 32, "R", 64, "outliers", 0)),
                driver);
        for (int l = 0; l < kivi.length; l++) {
            assertArrayEquals(kivi[l], ott[l], "layer " + l);
        }
    }

    /** Quantized attention (folded scale and minimum) equals plain attention over restored tensors. */
    @Test
    void foldedAttentionEqualsAttentionOverRestoredKeysAndValues() {
        // 2 query heads per KV head (rows in pairs) and 3 (a row left over), as in Qwen2.5's 7
        for (String id : new String[] {"kivi", "ott", "kivi-3"}) {
            int queryHeads = id.endsWith("-3") ? 3 : 2;
            CacheGeometry g = CacheGeometry.of(3, 1, queryHeads, 64, 4096);
            Driver driver = new Driver(g, 520, 0, 23);
            QuantizedCache cache = (QuantizedCache) (id.startsWith("kivi")
                    ? new KiviPolicy().create(g, Map.of("bits", 4, "G", 32, "R", 64))
                    : new OttPolicy().create(g, Map.of("G", 32, "R", 32, "pool", 4)));
            try (cache; Arena arena = Arena.ofConfined()) {
                driver.run(cache, 520);
                int layer = 2;
                QuantizedHead head = cache.head(layer, 0);
                // one more token attends to everything
                float[] q = Driver.gaussian(new java.util.Random(5), queryHeads * 64, 1.5);
                float[] k = Driver.gaussian(new java.util.Random(6), 64, 1);
                float[] v = Driver.gaussian(new java.util.Random(7), 64, 1);
                MemorySegment out = arena.allocate(queryHeads * 64 * 4);
                for (int l = 0; l < 3; l++) {
                    cache.append(l, 520, 1, seg(arena, k), seg(arena, v));
                }
                cache.attend(layer, 0, 1, seg(arena, q), out);
                assertTrue(head.keysQuantized() >= 448 && head.valuesQuantized() > 400, "most tokens quantized");
                if (id.equals("ott")) {
                    assertTrue(head.pooled() > 3, "outliers traced: " + head.pooled());
                }
                // reference: restored keys/values for quantized tokens, the driver's for the rest
                int tokens = 521;
                float[] keys = new float[tokens * 64];
                float[] values = new float[tokens * 64];
                boolean[] masked = new boolean[tokens];
                for (int t = 0; t < tokens; t++) {
                    for (int c = 0; c < 64; c++) {
                        float rawK = t < 520 ? driver.keys[layer][t * 64 + c] : k[c];
                        float rawV = t < 520 ? driver.values[layer][t * 64 + c] : v[c];
                        keys[t * 64 + c] = t < head.keysQuantized() ? head.restoredKey(t, c) : rawK;
                        values[t * 64 + c] = t < head.valuesQuantized() ? head.restoredValue(t, c) : rawV;
                    }
                    masked[t] = t < head.keysQuantized() && head.masked(t);
                }
                float[] result = new float[queryHeads * 64];
                MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, result, 0, result.length);
                for (int qh = 0; qh < queryHeads; qh++) {
                    double[] expected = attend(q, qh * 64, keys, values, masked, driver.keys[layer],
                            driver.values[layer], g.attentionScale());
                    for (int c = 0; c < 64; c++) {
                        assertEquals(expected[c], result[qh * 64 + c], 1e-4, id + " head " + qh + " channel " + c);
                    }
                }
            }
        }
    }

    /** Softmax over unmasked tokens; masked tokens attend with their original (full-precision) rows. */
    private static double[] attend(float[] q, int qOff, float[] keys, float[] values, boolean[] masked,
            float[] rawKeys, float[] rawValues, float scale) {
        int tokens = masked.length;
        double[] s = new double[tokens];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < tokens; t++) {
            float[] kk = masked[t] ? rawKeys : keys;
            double dot = 0;
            for (int c = 0; c < 64; c++) {
                dot += (double) q[qOff + c] * kk[t * 64 + c];
            }
            s[t] = dot * scale;
            max = Math.max(max, s[t]);
        }
        double sum = 0;
        double[] out = new double[64];
        for (int t = 0; t < tokens; t++) {
            double w = Math.exp(s[t] - max);
            sum += w;
            float[] vv = masked[t] ? rawValues : values;
            for (int c = 0; c < 64; c++) {
                out[c] += w * vv[t * 64 + c];
            }
        }
        for (int c = 0; c < 64; c++) {
            out[c] /= sum;
        }
        return out;
    }

    private static MemorySegment seg(Arena arena, float[] x) {
        MemorySegment s = arena.allocate(x.length * 4L);
        MemorySegment.copy(x, 0, s, ValueLayout.JAVA_FLOAT, 0, x.length);
        return s;
    }

    @Test
    void keyGroupsRestoreAsHandComputed() {
        CacheGeometry g = CacheGeometry.of(1, 1, 1, 8, 64);
        QuantizedCache cache = (QuantizedCache) new KiviPolicy().create(g, Map.of("bits", 2, "G", 8, "R", 8));
        try (cache; Arena arena = Arena.ofConfined()) {
            for (int t = 0; t < 9; t++) {
                float[] key = new float[8];
                for (int c = 0; c < 8; c++) {
                    key[c] = c == 0 ? 0.5f * t : 3f; // channel 0: 0, 0.5, ..., 3.5; others constant (max == min)
                }
                cache.append(0, t, 1, seg(arena, key), seg(arena, key));
            }
            QuantizedHead head = cache.head(0, 0);
            assertEquals(8, head.keysQuantized());
            // channel 0: min 0, scale 3.5 / 3; codes rint(x / scale): 0,0,1,1,2,2,3,3 (0.5/1.1667 = 0.43 -> 0)
            float scale = Float.float16ToFloat(Float.floatToFloat16(3.5f / 3));
            float[] expected = {0, 0, scale, scale, 2 * scale, 2 * scale, 3 * scale, 3 * scale};
            for (int t = 0; t < 8; t++) {
                assertEquals(expected[t], head.restoredKey(t, 0), 1e-6, "token " + t);
                assertEquals(3f, head.restoredKey(t, 5), "constant channel restores exactly");
            }
        }
    }

    @Test
    void statsFollowTheBytesFormulaAndMeetTheCompressionTargets() {
        CacheGeometry g = CacheGeometry.of(3, 1, 1, 64, 40_000);
        int tokens = 32_768;
        long fp16Full = (long) tokens * 3 * 2 * 64 * 2;
        try (Arena arena = Arena.ofConfined();
                KvCache kivi = new KiviPolicy().create(g, Map.of("bits", 2, "G", 32, "R", 128));
                KvCache ott = new OttPolicy().create(g, Map.of())) {
            MemorySegment k = arena.allocate(1024 * 64 * 4L);
            MemorySegment v = arena.allocate(1024 * 64 * 4L);
            java.util.Random random = new java.util.Random(9);
            for (long i = 0; i < 1024 * 64; i++) {
                k.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
                v.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
            }
            for (int t = 0; t < tokens; t += 1024) {
                for (int l = 0; l < 3; l++) {
                    kivi.append(l, t, 1024, k, v);
                    ott.append(l, t, 1024, k, v);
                }
            }
            kivi.endPrefill();
            ott.endPrefill();
            KvStats s = kivi.stats();
            // all 32768 keys quantized (a multiple of R); values: all but the R = 128 newest
            long perHead = (long) tokens * 16 + (tokens / 32) * 64 * 4 + (tokens - 128) * (16 + 2 * 4) + 128 * 64 * 4;
            assertEquals(3 * perHead, s.bytesResident());
            double kiviRatio = (double) fp16Full / s.bytesResident();
            assertTrue(kiviRatio >= 5, "KIVI 2-bit G32 ratio " + kiviRatio);
            KvStats o = ott.stats();
            long pooled = o.counters().get("outlier_tokens");
            long plain = (long) tokens * 16 + (tokens / 128) * 64 * 4 + (tokens - 32) * (16 + 4) + 32 * 64 * 4;
            long traced = plain + pooled * 2 * 64 * 4 + tokens / 8;
            assertEquals(2 * plain + traced, o.bytesResident());
            double ottRatio = (double) fp16Full / o.bytesResident();
            assertTrue(ottRatio >= 6.4, "OTT ratio " + ottRatio);
            assertTrue(pooled >= 3 && pooled <= 3 + 32, "pooled " + pooled);
        }
    }

    @Test
    void invalidSettingsAreRefusedWithTheRange() {
        CacheGeometry g = CacheGeometry.of(1, 1, 1, 64, 64);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new KiviPolicy().create(g, Map.of("bits", 3)));
        assertEquals("kivi.bits", e.location());
        e = assertThrows(InvalidInputException.class, () -> new KiviPolicy().create(g, Map.of("R", 100)));
        assertTrue(e.getMessage().contains("multiple of G = 32"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new OttPolicy().create(g, Map.of("outliers", -1)));
        assertTrue(e.getMessage().contains("[0, 1024]"), e.getMessage());
    }
}
