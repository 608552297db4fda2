package org.longscope.microbench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.longscope.nativeengine.kernel.Activations;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.kernel.MatMul;
import org.longscope.nativeengine.kernel.WeightEncoder;
import org.longscope.nativeengine.kernel.WeightMatrix;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.Tensor;
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
 * The native engine's weight-times-activation products ({@link MatMul} over a {@link WeightMatrix}),
 * per weight type: one token (the decode matrix-vector product, one {@code dot} per row) and a chunk
 * of tokens (the prefill product, register-tiled and packed panels). The default shape is a
 * Qwen2.5-0.5B projection (896 x 896); {@code -p rows=4864} gives its MLP up-projection.
 *
 * <p>Each invocation marks the activations as new, so a Q8_0 product includes quantizing them, as
 * in the engine. The score is time per product; bytes of weights per product are
 * {@code rows * cols * 4} (F32) or {@code rows * cols / 32 * 34} (Q8_0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,org.longscope.nativeengine.kernel.*::dot"})
public class MatMulBenchmark {

    @Param({"F32", "Q8_0"})
    public String type;

    @Param({"1", "64"})
    public int tokens;

    @Param({"896"})
    public int rows;

    @Param({"896"})
    public int cols;

    @Param({"1"})
    public int threads;

    private Arena arena;
    private ComputePool pool;
    private MatMul matMul;
    private WeightMatrix weights;
    private Activations input;
    private MemorySegment out;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType ggml = GgmlType.valueOf(type);
        Random random = new Random(42);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        arena = Arena.ofShared();
        MemorySegment data = arena.allocate(ggml.bytesFor((long) rows * cols), 64);
        WeightEncoder.encode(w, 0, w.length, ggml, data, 0);
        weights = WeightMatrix.of(new Tensor("w", ggml, new long[] {rows, cols}, data));
        input = new Activations(arena, tokens, cols);
        MemorySegment x = input.values();
        for (long i = 0; i < (long) tokens * cols; i++) {
            x.setAtIndex(JAVA_FLOAT, i, (float) random.nextGaussian());
        }
        out = arena.allocate((long) tokens * rows * Float.BYTES, 64);
        pool = new ComputePool(threads);
        matMul = new MatMul(pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public void multiply(Blackhole bh) {
        input.values(); // new activations: a quantized product quantizes them again
        matMul.multiply(weights, input, tokens, out, (long) rows * Float.BYTES);
        bh.consume(out.getAtIndex(JAVA_FLOAT, 0));
    }
}
