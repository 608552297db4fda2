package org.longscope.kv.eviction;

import org.longscope.kv.core.testing.Driver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.kv.core.full.FullPolicy;

/** Every eviction method with a budget that holds the whole sequence is the full cache, bit for bit. */
class ExactnessTest {
    static final CacheGeometry GEOMETRY = new CacheGeometry(3, 2, 6, 32, 4096, (float) (1 / Math.sqrt(32)),
            new CacheGeometry.Rope(ropeFrequencies(32), false));

    static float[] ropeFrequencies(int d) {
        float[] f = new float[d / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.pow(10000, -2.0 * i / d);
        }
        return f;
    }

    static KvCachePolicy policy(String id) {
        return switch (id) {
            case "streamingllm" -> new StreamingLlmPolicy();
            case "h2o" -> new H2oPolicy();
            case "snapkv" -> new SnapKvPolicy();
            case "pyramidkv" -> new PyramidKvPolicy();
            case "adakv" -> new AdaKvPolicy();
            default -> new FullPolicy();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamingllm", "h2o", "snapkv", "pyramidkv", "adakv"})
    void budgetCoveringTheSequenceEqualsFull(String id) {
        Driver driver = new Driver(GEOMETRY, 150, 6, 11);
        float[][] full;
        try (KvCache cache = new FullPolicy().create(GEOMETRY, Map.of())) {
            full = driver.run(cache, 64);
        }
        for (int budget : new int[] {156, 400}) {
            try (KvCache cache = policy(id).create(GEOMETRY, Map.of("budget", budget))) {
                float[][] method = driver.run(cache, 64);
                for (int l = 0; l < full.length; l++) {
                    assertArrayEquals(full[l], method[l], id + " layer " + l);
                }
                assertEquals(156L * 3 * 2, cache.stats().totalTokensKept());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamingllm", "h2o", "snapkv", "pyramidkv", "adakv"})
    void smallBudgetChangesDecodingAndSavesMemory(String id) {
        Driver driver = new Driver(GEOMETRY, 150, 6, 12);
        float[][] full;
        try (KvCache cache = new FullPolicy().create(GEOMETRY, Map.of())) {
            full = driver.run(cache, 64);
        }
        try (KvCache cache = policy(id).create(GEOMETRY, Map.of("budget", 48))) {
            float[][] method = driver.run(cache, 64);
            int q = GEOMETRY.queryHeads() * GEOMETRY.headDim();
            // the prompt is attended in full by every method
            assertArrayEquals(Arrays.copyOf(full[1], 150 * q), Arrays.copyOf(method[1], 150 * q));
            assertFalse(Arrays.equals(full[1], method[1]), "decoding must see the compressed cache");
            long kept = cache.stats().totalTokensKept();
            long bytes = cache.stats().bytesResident();
            assertEquals(kept * 2 * GEOMETRY.headDim() * 4, bytes, "bytes = tokens kept x 2 x d x 4");
            long expected = switch (id) {
                case "streamingllm", "h2o" -> 48L * 6;
                default -> (48L + 6) * 6; // prompt compressed to the budget, then decoding appends
            };
            assertEquals(expected, kept);
        }
    }
}
