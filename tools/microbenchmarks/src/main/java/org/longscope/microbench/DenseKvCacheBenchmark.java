package org.longscope.microbench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.DenseKvCache;
import org.longscope.kv.core.Precision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The dense KV cache of plugins/kv-core ({@link DenseKvCache}) on one layer of Qwen2.5-0.5B's shape
 * (2 KV heads, 14 query heads, head dimension 64):
 * <ul>
 *   <li>{@link #decodeAttention}: one decode step's attention, every KV head, over {@code context}
 *       cached tokens (the cache does not grow: the step's own token was appended in set-up);</li>
 *   <li>{@link #prefillChunk}: a fresh cache takes a chunk of {@code chunk} tokens (append, then
 *       causal attention of the chunk over itself, every KV head), then is closed.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DenseKvCacheBenchmark {
    static final int KV_HEADS = 2;
    static final int QUERY_HEADS = 14;
    static final int HEAD_DIM = 64;

    @Param({"1024", "8192"})
    public int context;

    @Param({"512"})
    public int chunk;

    @Param({"FP32", "FP16"})
    public String precision;

    private Arena arena;
    private DenseCache cache;
    private MemorySegment keys;
    private MemorySegment values;
    private MemorySegment queries;
    private MemorySegment out;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        int rows = Math.max(chunk, 1);
        keys = random(arena, (long) rows * KV_HEADS * HEAD_DIM, 1);
        values = random(arena, (long) rows * KV_HEADS * HEAD_DIM, 2);
        queries = random(arena, (long) rows * QUERY_HEADS * HEAD_DIM, 3);
        out = arena.allocate((long) rows * QUERY_HEADS * HEAD_DIM * Float.BYTES, 64);
        cache = new DenseKvCache("full", geometry(context + 1), Precision.of(precision));
        fill(cache, context, keys, values, chunk);
        cache.endPrefill();
    }

    /** Appends {@code tokens} tokens to layer 0 in chunks, the last chunk a single token. */
    static void fill(DenseCache cache, int tokens, MemorySegment keys, MemorySegment values, int chunk) {
        int position = 0;
        while (position < tokens - 1) {
            int n = Math.min(chunk, tokens - 1 - position);
            cache.append(0, position, n, keys, values);
            position += n;
        }
        cache.append(0, position, 1, keys, values);
    }

    static CacheGeometry geometry(int maxTokens) {
        return CacheGeometry.of(1, KV_HEADS, QUERY_HEADS, HEAD_DIM, maxTokens);
    }

    static MemorySegment random(Arena arena, long floats, long seed) {
        Random random = new Random(seed);
        MemorySegment s = arena.allocate(floats * Float.BYTES, 64);
        for (long i = 0; i < floats; i++) {
            s.setAtIndex(JAVA_FLOAT, i, (float) random.nextGaussian());
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        arena.close();
    }

    @Benchmark
    public void decodeAttention(Blackhole bh) {
        for (int h = 0; h < KV_HEADS; h++) {
            cache.attend(0, h, 1, queries, out);
        }
        bh.consume(out.getAtIndex(JAVA_FLOAT, 0));
    }

    @Benchmark
    public void prefillChunk(Blackhole bh) {
        try (DenseKvCache fresh = new DenseKvCache("full", geometry(chunk), Precision.of(precision))) {
            fresh.append(0, 0, chunk, keys, values);
            for (int h = 0; h < KV_HEADS; h++) {
                fresh.attend(0, h, chunk, queries, out);
            }
        }
        bh.consume(out.getAtIndex(JAVA_FLOAT, 0));
    }
}
