package org.longscope.microbench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.Eviction;
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
 * One decode step of an eviction method that evicts while decoding ({@link EvictingCache} with
 * {@code capacity} set), on the layer shape of {@link DenseKvCacheBenchmark}, composed as H2O in
 * plugins/kv-eviction: accumulated attention ({@link AccumulatedAttention}), half the budget for
 * heavy hitters, half a recent window. The cache holds {@code budget} tokens; appending the step's
 * token first scores every KV head, keeps the recent window and the best-scored rest through
 * {@code TokenSelection} and evicts one token per head; then the step attends, and the scorer adds
 * the step's attention probabilities. The size stays at {@code budget}, so every invocation does the
 * same work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class EvictionBenchmark {
    static final int KV_HEADS = DenseKvCacheBenchmark.KV_HEADS;
    static final int QUERY_HEADS = DenseKvCacheBenchmark.QUERY_HEADS;
    static final int HEAD_DIM = DenseKvCacheBenchmark.HEAD_DIM;

    @Param({"512", "2048"})
    public int budget;

    private Arena arena;
    private EvictingCache cache;
    private MemorySegment keys;
    private MemorySegment values;
    private MemorySegment queries;
    private MemorySegment out;
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        int chunk = 256;
        keys = DenseKvCacheBenchmark.random(arena, (long) chunk * KV_HEADS * HEAD_DIM, 1);
        values = DenseKvCacheBenchmark.random(arena, (long) chunk * KV_HEADS * HEAD_DIM, 2);
        queries = DenseKvCacheBenchmark.random(arena, (long) chunk * QUERY_HEADS * HEAD_DIM, 3);
        out = arena.allocate((long) chunk * QUERY_HEADS * HEAD_DIM * Float.BYTES, 64);
        // room for the prompt plus every step of the trial (positions only grow; the store does not)
        CacheGeometry geometry = CacheGeometry.of(1, KV_HEADS, QUERY_HEADS, HEAD_DIM, Integer.MAX_VALUE / 2);
        int heavy = budget / 2;
        Eviction eviction = new Eviction(new AccumulatedAttention(geometry), BudgetRule.uniform(heavy), 0,
                budget - heavy, budget);
        cache = new EvictingCache("h2o", geometry, Precision.FP32, eviction);
        // the prompt: exactly the budget, attended chunk by chunk so the scorer accumulates its attention
        position = 0;
        while (position < budget) {
            int n = Math.min(chunk, budget - position);
            cache.append(0, position, n, keys, values);
            for (int h = 0; h < KV_HEADS; h++) {
                cache.attend(0, h, n, queries, out);
            }
            position += n;
        }
        cache.endPrefill();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        arena.close();
    }

    @Benchmark
    public void decodeStep(Blackhole bh) {
        cache.append(0, position++, 1, keys, values);
        for (int h = 0; h < KV_HEADS; h++) {
            cache.attend(0, h, 1, queries, out);
        }
        bh.consume(out.getAtIndex(JAVA_FLOAT, 0));
    }
}
