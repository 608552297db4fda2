package org.longscope.kv.eviction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.Precision;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.kv.core.testing.Driver;

/**
 * l2norm, tova and cake on inputs small enough to work out by hand from the upstream definitions
 * (worked out in the comments). Every value row is (token index, 0), so the kept tokens read back.
 */
class NewMethodsTest {

    /**
     * kvpress, kvpress/presses/knorm_press.py (KnormPress.score = -keys.norm(dim=-1)); ScorerPress keeps
     * the top scores. Key norms of tokens 0..5: 5, 1, 2, 1, 4, 0.5. Budget 3 keeps the three lowest:
     * tokens 5 (0.5), 1 and 3 (1). With sink 1 and window 1 (tokens 0 and 5 protected), one of tokens
     * 1..4 stays: the lowest norm, token 1 (token 3's norm ties it or is above it in float).
     */
    @Test
    void l2normKeepsTheLowestKeyNorms() {
        CacheGeometry g = new CacheGeometry(1, 1, 1, 2, 64, 1f, null);
        float[][] keys = {{3, 4}, {1, 0}, {0, 2}, {0.6f, 0.8f}, {4, 0}, {0, 0.5f}};
        float[][] queries = new float[6][2];
        assertArrayEquals(new int[] {1, 3, 5}, prefill(new L2NormPolicy().create(g, Map.of("budget", 3)), keys, queries));
        assertArrayEquals(new int[] {0, 1, 5},
                prefill(new L2NormPolicy().create(g, Map.of("budget", 3, "sinks", 1, "window", 1)), keys, queries));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, prefill(new L2NormPolicy().create(g, Map.of("budget", 6)), keys, queries));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new L2NormPolicy().create(g, Map.of("budget", 3, "sinks", 2, "window", 2)));
        assertEquals("l2norm.window", e.location());
    }

    /**
     * TOVA, schwartz-lab-NLP/TOVA src/tova_cache.py (TOVACache.reduce: mean over heads of the last row's
     * attention, top cache_size over all keys, the newest included). Two KV heads of one query head each;
     * keys (ln m, 0) and queries (1, 0) give probabilities m / sum(m). Last prompt row: head 0 m = .4 .1
     * .2 .1 .2, head 1 m = .1 .1 .5 .25 .05; mean .25 .1 .35 .175 .125, so budget 3 keeps 0, 2, 3 in both
     * heads (head 0 alone would keep 4 over 3). Decode token 5 (m = .3 and .01) attends 0, 2, 3, 5:
     * head 0 .4 .2 .1 .3, head 1 (.1 .5 .25 .01) / .86; mean .258 .391 .195 .156: before token 6 joins,
     * token 5 goes.
     */
    @Test
    void tovaEvictsByTheLastQueryAveragedOverHeads() {
        CacheGeometry g = new CacheGeometry(1, 2, 2, 2, 64, 1f, null);
        double[][] mass = {{.4, .1, .2, .1, .2, .3, .5}, {.1, .1, .5, .25, .05, .01, .5}};
        float[][] keys = new float[7][4];
        float[][] queries = new float[7][4];
        for (int t = 0; t < 7; t++) {
            for (int h = 0; h < 2; h++) {
                keys[t][2 * h] = (float) Math.log(mass[h][t]);
                queries[t][2 * h] = 1;
            }
        }
        try (KvCache cache = new TovaPolicy().create(g, Map.of("budget", 3)); Arena arena = Arena.ofConfined()) {
            DenseCache dense = (DenseCache) cache;
            step(cache, arena, keys, queries, 0, 5);
            cache.endPrefill();
            assertArrayEquals(new int[] {0, 2, 3}, HandComputedTest.keptTokens(dense, 0, 0));
            assertArrayEquals(new int[] {0, 2, 3}, HandComputedTest.keptTokens(dense, 0, 1));
            step(cache, arena, keys, queries, 5, 1);
            assertArrayEquals(new int[] {0, 2, 3, 5}, HandComputedTest.keptTokens(dense, 0, 0), "a step attends budget + 1");
            step(cache, arena, keys, queries, 6, 1);
            assertArrayEquals(new int[] {0, 2, 3, 6}, HandComputedTest.keptTokens(dense, 0, 0));
            assertArrayEquals(new int[] {0, 2, 3, 6}, HandComputedTest.keptTokens(dense, 0, 1));
        }
    }

    /**
     * CAKE, antgroup/cakekv cake/model/modify_llama.py (indicator mean + gamma var over the window rows;
     * preference entropy^(1/tau1) var^(1/tau2)), cake/utils.py (calculate_entropy, adjust_budgets),
     * cake/cake_cache.py (CakeprefillKVCache). Two layers, one head, window 2, budget 3: 2 x (3 - 2) = 2
     * tokens over the layers, 3 candidates each. Earlier keys (ln m, 0) with m = .5 .3 .2, window keys
     * (-30, 0). Layer 0: window queries (1, 0) and (2, 0) give rows .5 .3 .2 and m^2 / .38 = .658 .237
     * .105: entropy 1.88324, variance (unbiased, 2 rows) .012465 + .001995 + .004488 = .018947; indicator
     * (kernel 1, gamma 200) 3.072 .667 1.050 keeps 0 and 2 (gamma 0, the mean alone: 0 and 1). Layer 1:
     * both window queries (1, 0), rows equal, variance 0, preference 0. Budgets: trunc(2 x 1) = 2 and 0.
     */
    @Test
    void cakeSplitsTheBudgetByPreferenceAndKeepsByItsIndicator() {
        CacheGeometry g = new CacheGeometry(2, 1, 1, 2, 64, 1f, null);
        float[][] keys = {{(float) Math.log(.5), 0}, {(float) Math.log(.3), 0}, {(float) Math.log(.2), 0}, {-30, 0}, {-30, 0}};
        float[][][] queries = {{{1, 0}, {1, 0}, {1, 0}, {1, 0}, {2, 0}}, {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}}};
        CakeScorer scorer = new CakeScorer(g, 2, 1, 200);
        try (EvictingCache cache = new EvictingCache(CakePolicy.ID, g, Precision.FP32,
                new Eviction(scorer, new CakeBudget(1, 1, 1, scorer), 0, 2, 0)); Arena arena = Arena.ofConfined()) {
            prefill(cache, arena, keys, queries);
            assertEquals(1.8832367, scorer.terms(0, 0)[0], 1e-5);
            assertEquals(0.0189474, scorer.terms(0, 0)[1], 1e-6);
            assertEquals(0.0, scorer.terms(1, 0)[1], 1e-12);
            assertArrayEquals(new int[] {0, 2, 3, 4}, HandComputedTest.keptTokens(cache, 0, 0));
            assertArrayEquals(new int[] {3, 4}, HandComputedTest.keptTokens(cache, 1, 0));
        }
        Map<String, Object> meanOnly = Map.of("budget", 3, "window", 2, "kernel", 1, "gamma", 0.0);
        try (KvCache cache = new CakePolicy().create(g, meanOnly); Arena arena = Arena.ofConfined()) {
            prefill(cache, arena, keys, queries);
            assertArrayEquals(new int[] {0, 1, 3, 4}, HandComputedTest.keptTokens((DenseCache) cache, 0, 0));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CakePolicy().create(g, Map.of("budget", 3, "window", 1)));
        assertEquals("cake.window", e.location());
    }

    /**
     * cakekv's adjust_budgets: [5, 0, 0] with total 6 over 4 candidates: 5 is cut to 4 and its excess 1
     * goes to the first layer below 4 (layer 1): [4, 1, 0]; the total is then 1 short, added the same
     * way: [4, 2, 0]. [3, 3, 3] with total 7: 2 too many, taken from the first two layers above 1.
     */
    @Test
    void cakeBudgetAdjustmentFollowsUpstream() {
        long[] budgets = {5, 0, 0};
        CakeBudget.adjust(budgets, 6, 4);
        assertArrayEquals(new long[] {4, 2, 0}, budgets);
        long[] over = {3, 3, 3};
        CakeBudget.adjust(over, 7, 10);
        assertArrayEquals(new long[] {2, 2, 3}, over);
    }

    /** With a budget that holds the whole sequence each new method is the full cache, bit for bit. */
    @ParameterizedTest
    @ValueSource(strings = {"l2norm", "tova", "cake"})
    void budgetCoveringTheSequenceEqualsFull(String id) {
        CacheGeometry g = ExactnessTest.GEOMETRY;
        Driver driver = new Driver(g, 150, 6, 13);
        float[][] full;
        try (KvCache cache = new FullPolicy().create(g, Map.of())) {
            full = driver.run(cache, 64);
        }
        KvCachePolicy policy = switch (id) {
            case "l2norm" -> new L2NormPolicy();
            case "tova" -> new TovaPolicy();
            default -> new CakePolicy();
        };
        try (KvCache cache = policy.create(g, Map.of("budget", 156))) {
            float[][] method = driver.run(cache, 64);
            for (int l = 0; l < full.length; l++) {
                assertArrayEquals(full[l], method[l], id + " layer " + l);
            }
        }
        try (KvCache cache = policy.create(g, Map.of("budget", 48))) {
            float[][] method = driver.run(cache, 64);
            assertFalse(Arrays.equals(full[1], method[1]), id + ": decoding must see the compressed cache");
        }
    }

    private static int[] prefill(KvCache cache, float[][] keys, float[][] queries) {
        try (cache; Arena arena = Arena.ofConfined()) {
            step(cache, arena, keys, queries, 0, keys.length);
            cache.endPrefill();
            return HandComputedTest.keptTokens((DenseCache) cache, 0, 0);
        }
    }

    /** Feeds layer l the keys and its own queries[l]; values encode the token index. */
    private static void prefill(KvCache cache, Arena arena, float[][] keys, float[][][] queries) {
        for (int l = 0; l < queries.length; l++) {
            stepLayer(cache, arena, l, keys, queries[l], 0, keys.length);
        }
        cache.endPrefill();
    }

    private static void step(KvCache cache, Arena arena, float[][] keys, float[][] queries, int from, int n) {
        for (int l = 0; l < cache.geometry().layers(); l++) {
            stepLayer(cache, arena, l, keys, queries, from, n);
        }
    }

    private static void stepLayer(KvCache cache, Arena arena, int layer, float[][] keys, float[][] queries,
            int from, int n) {
        CacheGeometry g = cache.geometry();
        int kv = g.kvHeads() * g.headDim();
        int q = g.queryHeads() * g.headDim();
        MemorySegment k = arena.allocate(n * kv * 4L);
        MemorySegment v = arena.allocate(n * kv * 4L);
        MemorySegment qs = arena.allocate(n * q * 4L);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(keys[from + i], 0, k, ValueLayout.JAVA_FLOAT, i * kv * 4L, kv);
            MemorySegment.copy(queries[from + i], 0, qs, ValueLayout.JAVA_FLOAT, i * q * 4L, q);
            for (int h = 0; h < g.kvHeads(); h++) {
                v.setAtIndex(ValueLayout.JAVA_FLOAT, (long) i * kv + h * g.headDim(), from + i);
            }
        }
        cache.append(layer, from, n, k, v);
        for (int h = 0; h < g.kvHeads(); h++) {
            cache.attend(layer, h, n, qs, arena.allocate(n * q * 4L));
        }
    }
}
