package org.longscope.kv.core.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;

/**
 * Feeds random per-layer keys, values and queries through a cache the way an engine does (append,
 * attend per KV head, endPrefill after the prompt, then one token at a time) and records every
 * attention output. Shared by the tests of every KV method bundle (kv-core's test jar).
 */
public final class Driver {
    public final CacheGeometry geometry;
    public final int prompt;
    public final int decode;
    public final float[][] keys;
    public final float[][] values;
    public final float[][] queries;

    public Driver(CacheGeometry geometry, int prompt, int decode, long seed) {
        this.geometry = geometry;
        this.prompt = prompt;
        this.decode = decode;
        Random random = new Random(seed);
        int total = prompt + decode;
        int kv = geometry.kvHeads() * geometry.headDim();
        int q = geometry.queryHeads() * geometry.headDim();
        keys = new float[geometry.layers()][];
        values = new float[geometry.layers()][];
        queries = new float[geometry.layers()][];
        for (int l = 0; l < geometry.layers(); l++) {
            keys[l] = gaussian(random, total * kv, 1.0);
            values[l] = gaussian(random, total * kv, 1.0);
            queries[l] = gaussian(random, total * q, 1.5);
        }
    }

    public static float[] gaussian(Random random, int count, double sigma) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (random.nextGaussian() * sigma);
        }
        return x;
    }

    /** Runs the whole sequence; returns outputs [layer][token * queryHeads * headDim]. */
    public float[][] run(KvCache cache, int chunk) {
        return run(cache, chunk, null);
    }

    public interface StepHook {
        void afterToken(KvCache cache, int tokensDone);
    }

    public float[][] run(KvCache cache, int chunk, StepHook hook) {
        int kv = geometry.kvHeads() * geometry.headDim();
        int q = geometry.queryHeads() * geometry.headDim();
        float[][] outputs = new float[geometry.layers()][(prompt + decode) * q];
        try (Arena arena = Arena.ofConfined()) {
            int position = 0;
            while (position < prompt + decode) {
                int n = position < prompt ? Math.min(chunk, prompt - position) : 1;
                for (int l = 0; l < geometry.layers(); l++) {
                    MemorySegment k = slice(arena, keys[l], position * kv, n * kv);
                    MemorySegment v = slice(arena, values[l], position * kv, n * kv);
                    MemorySegment qs = slice(arena, queries[l], position * q, n * q);
                    MemorySegment out = arena.allocate(n * q * 4L);
                    cache.append(l, position, n, k, v);
                    for (int h = 0; h < geometry.kvHeads(); h++) {
                        cache.attend(l, h, n, qs, out);
                    }
                    MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, outputs[l], position * q, n * q);
                }
                position += n;
                if (position == prompt) {
                    cache.endPrefill();
                }
                if (hook != null) {
                    hook.afterToken(cache, position);
                }
            }
        }
        return outputs;
    }

    private static MemorySegment slice(Arena arena, float[] x, int from, int count) {
        MemorySegment s = arena.allocate(count * 4L, 64);
        MemorySegment.copy(x, from, s, ValueLayout.JAVA_FLOAT, 0, count);
        return s;
    }
}
