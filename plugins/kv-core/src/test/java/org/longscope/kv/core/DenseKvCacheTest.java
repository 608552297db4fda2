package org.longscope.kv.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.full.FullPolicy;

class DenseKvCacheTest {
    private static final int LAYERS = 2;
    private static final int KV_HEADS = 2;
    private static final int Q_HEADS = 6;
    private static final int D = 64;

    /** Chunked prefill (sizes crossing block boundaries) then decode steps, against plain attention. */
    private void checkAgainstReference(String dtype, double tolerance) {
        CacheGeometry g = CacheGeometry.of(LAYERS, KV_HEADS, Q_HEADS, D, 4096);
        Random random = new Random(7);
        int[] chunks = {70, 129, 1, 1, 1, 64, 1};
        int total = 0;
        for (int c : chunks) {
            total += c;
        }
        float[][] keys = new float[LAYERS][];
        float[][] values = new float[LAYERS][];
        for (int l = 0; l < LAYERS; l++) {
            keys[l] = Reference.random(random, total * KV_HEADS * D);
            values[l] = Reference.random(random, total * KV_HEADS * D);
        }
        try (Arena arena = Arena.ofConfined();
                KvCache cache = new FullPolicy().create(g, Map.of("dtype", dtype))) {
            int position = 0;
            for (int chunk : chunks) {
                float[] q = Reference.random(random, chunk * Q_HEADS * D);
                for (int l = 0; l < LAYERS; l++) {
                    int kvFloats = chunk * KV_HEADS * D;
                    cache.append(l, position, chunk, Reference.segment(arena, keys[l], position * KV_HEADS * D, kvFloats),
                            Reference.segment(arena, values[l], position * KV_HEADS * D, kvFloats));
                    MemorySegment qs = Reference.segment(arena, q, 0, q.length);
                    MemorySegment out = arena.allocate(q.length * 4L);
                    for (int h = 0; h < KV_HEADS; h++) {
                        cache.attend(l, h, chunk, qs, out);
                    }
                    float[] result = Reference.array(out, q.length);
                    for (int i = 0; i < chunk; i++) {
                        for (int qh = 0; qh < Q_HEADS; qh++) {
                            int row = (i * Q_HEADS + qh) * D;
                            double[] expected = Reference.attend(q, row, keys[l], values[l], KV_HEADS,
                                    qh / g.groupSize(), D, position + i + 1, g.attentionScale(), null);
                            for (int c = 0; c < D; c++) {
                                assertEquals(expected[c], result[row + c], tolerance,
                                        "layer " + l + " token " + (position + i) + " head " + qh);
                            }
                        }
                    }
                }
                position += chunk;
                if (position == 200) {
                    cache.endPrefill();
                }
            }
            KvStats stats = cache.stats();
            assertEquals(total, stats.tokensSeen());
            assertEquals((long) total * LAYERS * KV_HEADS, stats.totalTokensKept());
            int bytes = dtype.equals("fp32") ? 4 : 2;
            assertEquals((long) total * LAYERS * KV_HEADS * 2 * D * bytes, stats.bytesResident());
        }
    }

    @Test
    void fp32MatchesPlainAttention() {
        checkAgainstReference("fp32", 2e-5);
    }

    @Test
    void fp16MatchesPlainAttentionWithinHalfPrecision() {
        checkAgainstReference("fp16", 5e-3);
    }

    @Test
    void unknownOrInvalidDtypeIsRefused() {
        CacheGeometry g = CacheGeometry.of(1, 1, 1, 8, 16);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new FullPolicy().create(g, Map.of("dtype", "int8")));
        assertEquals("full.dtype", e.location());
        assertThrows(InvalidInputException.class, () -> new FullPolicy().create(g, Map.of("budget", 4)));
    }

    @Test
    void retainCompactsAndFreesMemory() {
        try (DenseHeadStore store = new DenseHeadStore(Precision.FP32, 4, 10_000)) {
            float[] row = new float[4];
            for (int t = 0; t < 1000; t++) {
                java.util.Arrays.fill(row, t);
                store.append(row, 0, row, 0);
            }
            long before = store.bytesAllocated();
            store.retain(new int[] {3, 500, 999}, 3);
            assertEquals(3, store.size());
            float[] k = new float[4];
            store.readKey(1, k, 0);
            assertEquals(500f, k[0]);
            store.readValue(2, k, 0);
            assertEquals(999f, k[3]);
            assertEquals(3 * 2 * 4 * 4, store.bytesUsed());
            assertEquals(true, store.bytesAllocated() < before / 4);
        }
    }
}
