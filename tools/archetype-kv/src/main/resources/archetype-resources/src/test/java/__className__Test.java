package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.kv.core.DenseKvCache;
import org.longscope.kv.core.Precision;

/** The method against the full cache (kv-core's dense cache), through the KvCache protocol alone. */
class ${className}Test {
    static final CacheGeometry GEOMETRY = CacheGeometry.of(2, 2, 4, 16, 1024);
    static final int PROMPT = 100;
    static final int DECODE = 5;

    final ${className} policy = new ${className}();

    /**
     * Appends and attends a random prompt of {@link #PROMPT} tokens, ends prefill, decodes
     * {@link #DECODE} tokens one at a time, and returns the attention output of every token of
     * every layer. The same seed gives the same keys, values and queries.
     */
    static float[][] drive(KvCache cache, long seed) {
        Random random = new Random(seed);
        int kvWidth = GEOMETRY.kvHeads() * GEOMETRY.headDim();
        int qWidth = GEOMETRY.queryHeads() * GEOMETRY.headDim();
        float[][] outputs = new float[GEOMETRY.layers()][(PROMPT + DECODE) * qWidth];
        try (Arena arena = Arena.ofConfined()) {
            int position = 0;
            for (int step = 0; step <= DECODE; step++) {
                int n = step == 0 ? PROMPT : 1;
                for (int layer = 0; layer < GEOMETRY.layers(); layer++) {
                    MemorySegment keys = randomFloats(arena, random, n * kvWidth);
                    MemorySegment values = randomFloats(arena, random, n * kvWidth);
                    MemorySegment queries = randomFloats(arena, random, n * qWidth);
                    MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, (long) n * qWidth);
                    cache.append(layer, position, n, keys, values);
                    for (int kvHead = 0; kvHead < GEOMETRY.kvHeads(); kvHead++) {
                        cache.attend(layer, kvHead, n, queries, out);
                    }
                    MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, outputs[layer], position * qWidth, n * qWidth);
                }
                if (step == 0) {
                    cache.endPrefill();
                }
                position += n;
            }
        }
        return outputs;
    }

    static MemorySegment randomFloats(Arena arena, Random random, int count) {
        MemorySegment segment = arena.allocate(ValueLayout.JAVA_FLOAT, count);
        for (int i = 0; i < count; i++) {
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
        }
        return segment;
    }

    static float[][] full(long seed) {
        try (KvCache cache = new DenseKvCache("full", GEOMETRY, Precision.FP32)) {
            return drive(cache, seed);
        }
    }

    @Test
    void aBudgetHoldingTheWholeSequenceIsTheFullCacheBitForBit() {
        float[][] full = full(7);
        try (KvCache cache = policy.create(GEOMETRY, Map.of("budget", PROMPT + DECODE))) {
            float[][] method = drive(cache, 7);
            for (int layer = 0; layer < full.length; layer++) {
                assertArrayEquals(full[layer], method[layer], "layer " + layer);
            }
            assertEquals((long) (PROMPT + DECODE) * GEOMETRY.layers() * GEOMETRY.kvHeads(), cache.stats().totalTokensKept());
        }
    }

    @Test
    void aSmallBudgetKeepsItsTokensAndChangesOnlyDecoding() {
        float[][] full = full(8);
        int budget = 40;
        try (KvCache cache = policy.create(GEOMETRY, Map.of("budget", budget, "sinks", 2, "window", 8))) {
            float[][] method = drive(cache, 8);
            int q = GEOMETRY.queryHeads() * GEOMETRY.headDim();
            // the prompt is attended in full; decoding sees the compressed cache
            assertArrayEquals(Arrays.copyOf(full[0], PROMPT * q), Arrays.copyOf(method[0], PROMPT * q));
            assertFalse(Arrays.equals(full[0], method[0]));
            assertEquals((long) (budget + DECODE) * GEOMETRY.layers() * GEOMETRY.kvHeads(), cache.stats().totalTokensKept());
        }
    }

    @Test
    void parametersAreValidated() {
        assertEquals(4, policy.parameters().size());
        assertThrows(InvalidInputException.class, () -> policy.create(GEOMETRY, Map.of("budget", 0)));
        assertThrows(InvalidInputException.class, () -> policy.create(GEOMETRY, Map.of("budget", 16, "sinks", 8, "window", 9)));
        assertThrows(InvalidInputException.class, () -> policy.create(GEOMETRY, Map.of("no_such_parameter", 1)));
    }
}
