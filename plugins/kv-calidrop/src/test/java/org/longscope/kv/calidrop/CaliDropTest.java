package org.longscope.kv.calidrop;

import org.longscope.kv.core.testing.Driver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.kv.eviction.AdaKvPolicy;
import org.longscope.kv.eviction.H2oPolicy;
import org.longscope.kv.eviction.PyramidKvPolicy;
import org.longscope.kv.eviction.SnapKvPolicy;
import org.longscope.kv.eviction.StreamingLlmPolicy;

class CaliDropTest {
    static final CacheGeometry GEOMETRY = CacheGeometry.of(2, 2, 4, 32, 4096);
    static final int PROMPT = 140;
    static final int DECODE = 8;

    /** CaliDrop over a registry of the real eviction policies, as the platform wires them. */
    static CaliDropPolicy calidrop() {
        return CaliDropTestAccess.calidrop(Map.of("streamingllm", new StreamingLlmPolicy(), "h2o", new H2oPolicy(),
                "snapkv", new SnapKvPolicy(), "pyramidkv", new PyramidKvPolicy(), "adakv", new AdaKvPolicy(),
                "full", new FullPolicy()));
    }

    static float[][] run(KvCache cache, Driver driver) {
        try (cache) {
            return driver.run(cache, 64);
        }
    }

    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapkv", "h2o", "streamingllm", "pyramidkv", "adakv"})
    void alwaysRecomputingIsFullAttention(String base) {
        Driver driver = new Driver(GEOMETRY, PROMPT, DECODE, 31);
        float[][] full = run(new FullPolicy().create(GEOMETRY, Map.of()), driver);
        float[][] fp32 = run(calidrop().create(GEOMETRY,
                params("base", base, "budget", 40, "theta1", 1.5, "offload", "fp32")), driver);
        float[][] fp16 = run(calidrop().create(GEOMETRY, params("base", base, "budget", 40, "theta1", 1.5)), driver);
        for (int l = 0; l < full.length; l++) {
            for (int i = 0; i < full[l].length; i++) {
                assertEquals(full[l][i], fp32[l][i], 2e-5, base + " layer " + l + " index " + i);
                assertEquals(full[l][i], fp16[l][i], 5e-3, base + " (fp16 offload) layer " + l + " index " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapkv", "h2o", "streamingllm"})
    void neverCalibratingIsTheBaseMethod(String base) {
        Driver driver = new Driver(GEOMETRY, PROMPT, DECODE, 32);
        KvCachePolicy basePolicy = switch (base) {
            case "h2o" -> new H2oPolicy();
            case "streamingllm" -> new StreamingLlmPolicy();
            default -> new SnapKvPolicy();
        };
        float[][] expected = run(basePolicy.create(GEOMETRY, Map.of("budget", 40)), driver);
        KvCache cache = calidrop().create(GEOMETRY, params("base", base, "budget", 40, "theta1", -1, "theta2", 1.5));
        float[][] actual;
        KvStats stats;
        try (cache) {
            actual = driver.run(cache, 64);
            stats = cache.stats();
        }
        for (int l = 0; l < expected.length; l++) {
            assertArrayEquals(expected[l], actual[l], base + " layer " + l);
        }
        assertEquals((long) DECODE * 2 * 4, stats.counters().get("calidrop_skip"));
    }

    @Test
    void statsCountBranchesAndOffloadedBytes() {
        Driver driver = new Driver(GEOMETRY, PROMPT, DECODE, 33);
        KvCache cache = calidrop().create(GEOMETRY, params("budget", 40));
        try (cache) {
            driver.run(cache, 64);
            KvStats s = cache.stats();
            long branches = s.counters().get("calidrop_recompute") + s.counters().get("calidrop_reuse")
                    + s.counters().get("calidrop_skip");
            assertEquals((long) DECODE * GEOMETRY.layers() * GEOMETRY.queryHeads(), branches);
            // snapkv keeps 40 of 140 prompt tokens per head; the 100 evicted are offloaded in fp16
            long evicted = 100L * GEOMETRY.layers() * GEOMETRY.kvHeads();
            assertEquals(evicted * 2 * 32 * 2, s.bytesOffloaded());
            assertEquals((40L + DECODE) * GEOMETRY.layers() * GEOMETRY.kvHeads() * 2 * 32 * 4, s.bytesResident());
            assertEquals("calidrop", s.method());
        }
    }

    @Test
    void unknownOrUnsuitableBaseIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> calidrop().create(GEOMETRY, params("base", "nope")));
        assertEquals("calidrop.base", e.location());
        assertTrue(e.getMessage().startsWith("calidrop.base: unknown KV method 'nope'; available: [adakv (org.longscope.kv.calidrop.tests),"),
                e.getMessage());
        assertTrue(e.getMessage().contains("snapkv (org.longscope.kv.calidrop.tests)"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> calidrop().create(GEOMETRY, params("base", "calidrop")));
        assertEquals("calidrop.base", e.location());
        e = assertThrows(InvalidInputException.class, () -> calidrop().create(GEOMETRY, params("base", "full")));
        assertEquals("calidrop.base", e.location());
        e = assertThrows(InvalidInputException.class,
                () -> calidrop().create(GEOMETRY, params("base", "snapkv", "budget", -3)));
        assertEquals("snapkv.budget", e.location());
        e = assertThrows(InvalidInputException.class, () -> calidrop().create(GEOMETRY, params("theta1", 7)));
        assertTrue(e.getMessage().contains("[-2.0, 2.0]"), e.getMessage());
    }

    @Test
    void wrapsABaseMethodOfAnyBundleRegisteredUnderTheIdItIsGiven() {
        // not one of LongScope's eviction methods: another bundle's policy, here SnapKV under a new id
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        KvCachePolicy thirdParty = new KvCachePolicy() {
            private final SnapKvPolicy inner = new SnapKvPolicy();

            @Override
            public java.util.List<org.longscope.api.kv.ParamSpec> parameters() {
                return inner.parameters();
            }

            @Override
            public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
                created.incrementAndGet();
                return inner.create(geometry, params);
            }
        };
        CaliDropPolicy calidrop = CaliDropTestAccess.calidrop(Map.of("third-party", thirdParty));
        Driver driver = new Driver(GEOMETRY, PROMPT, DECODE, 31);
        float[][] expected = run(new SnapKvPolicy().create(GEOMETRY, Map.of("budget", 40)), driver);
        KvCache cache = calidrop.create(GEOMETRY, params("base", "third-party", "budget", 40, "theta1", -1, "theta2", 1.5));
        assertEquals(1, created.get(), "the third-party base made the cache CaliDrop wraps");
        float[][] actual = run(cache, driver);
        for (int l = 0; l < expected.length; l++) {
            assertArrayEquals(expected[l], actual[l], "never calibrating is the third-party base, layer " + l);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> calidrop.create(GEOMETRY, params("base", "snapkv")));
        assertEquals("calidrop.base: unknown KV method 'snapkv'; available: [calidrop (org.longscope.kv.calidrop.tests),"
                + " third-party (org.longscope.kv.calidrop.tests)]", e.getMessage());
    }
}
