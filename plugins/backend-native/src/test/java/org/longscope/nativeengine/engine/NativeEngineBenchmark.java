package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.longscope.api.kv.KvCache;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SyntheticModels;

/**
 * Benchmark command of the native engine on a synthetic Qwen2.5-0.5B-shaped model (written as GGUF
 * by the synthetic model writer, memory-mapped like any model). In one run it measures the
 * machine's copy bandwidth and Vector API FMA peak, then for each weight type: prefill of a 1K
 * prompt (tokens/s, FLOP rate against the FMA peak) and decode at each context (tokens/s, bytes of
 * weights and KV read per token / time against the copy bandwidth and the read bandwidth, both
 * measured again just before each decode measurement). Contexts beyond the prefilled
 * prompt are reached by appending synthetic keys and values to the cache (a real prefill of 32K
 * tokens would take many minutes on two cores); decode attends over all of them.
 *
 * <p>Run (from plugins/backend-native, after {@code mvn -o -pl plugins/backend-native test-compile}):
 * {@code java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet
 * -XX:CompileCommand=dontinline,org.longscope.nativeengine.kernel.*::dot -Xmx1g -cp <test classpath>
 * org.longscope.nativeengine.engine.NativeEngineBenchmark [--threads 2] [--dtypes f32,f16,q8_0,q4_0]
 * [--contexts 1024,8192,32768] [--prefill 1024] [--chunk 512] [--steps 16] [--dir /tmp/longscope-bench]}
 */
public final class NativeEngineBenchmark {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    public static void main(String[] args) throws Exception {
        int threads = 2;
        List<GgmlType> dtypes = List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0);
        int[] contexts = {1024, 8192, 32768};
        int prefill = 1024;
        int chunk = 512;
        int steps = 16;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "longscope-bench");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(v);
                case "--dtypes" -> {
                    List<GgmlType> d = new ArrayList<>();
                    for (String s : v.split(",")) {
                        d.add(GgmlType.valueOf(s.toUpperCase(Locale.ROOT)));
                    }
                    dtypes = d;
                }
                case "--contexts" -> contexts = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--prefill" -> prefill = Integer.parseInt(v);
                case "--chunk" -> chunk = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, java %s, vector %d bits, max heap %d MiB, threads %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), Runtime.version(),
                F.vectorBitSize(), Runtime.getRuntime().maxMemory() >> 20, threads);
        double copyBandwidth = copyBandwidth(threads);
        double readBandwidth = readBandwidth(threads);
        double peak = fmaPeak(threads);
        System.out.printf(Locale.ROOT, "memory copy bandwidth: %.2f GB/s (read+write bytes / time, %d threads)%n",
                copyBandwidth / 1e9, threads);
        System.out.printf(Locale.ROOT, "memory read bandwidth: %.2f GB/s (bytes summed / time, %d threads)%n",
                readBandwidth / 1e9, threads);
        System.out.printf(Locale.ROOT, "vector FMA peak: %.1f GFLOP/s (%d threads); per CPU-second of one thread: %.1f GFLOP%n",
                peak / 1e9, threads, fmaPeakPerCpuSecond / 1e9);

        for (GgmlType dtype : dtypes) {
            Path file = dir.resolve("qwen2.5-0.5b-" + dtype.name().toLowerCase(Locale.ROOT) + ".gguf");
            if (!Files.exists(file)) {
                long t = System.nanoTime();
                SyntheticModels.write(SyntheticModels.Request.of(ModelShape.QWEN2_5_0_5B, dtype,
                        SyntheticModels.Format.GGUF, file, 1));
                System.out.printf(Locale.ROOT, "wrote %s (%d MiB) in %.1f s%n", file, Files.size(file) >> 20,
                        (System.nanoTime() - t) / 1e9);
            }
            run(dtype, file, threads, contexts, prefill, chunk, steps, copyBandwidth, peak);
        }
    }

    private static void run(GgmlType dtype, Path file, int threads, int[] contexts, int prefill, int chunk, int steps,
            double copyBandwidth, double peak) throws InterruptedException {
        int maxContext = java.util.Arrays.stream(contexts).max().orElse(prefill);
        try (LoadedModel model = ModelLoader.load(file);
                ComputePool pool = new ComputePool(threads);
                Transformer t = new Transformer(file.toString(), model.config(), model.tensors(), pool, chunk)) {
            var c = model.config();
            Random random = new Random(3);
            int[] prompt = random.ints(prefill, 0, c.vocabSize()).toArray();
            FullPolicy full = new FullPolicy();
            int[] sink = new int[1];
            LogitsConsumer argMax = (i, logits, off) -> sink[0] = Sampler.argMax(logits, off, c.vocabSize());

            // warm-up: compile the kernels of both paths
            try (KvCache warm = full.create(t.geometry(512), Map.of())) {
                t.forward(prompt, Math.min(256, prefill), 0, warm, Math.min(256, prefill) - 1, argMax);
                for (int i = 0; i < 4; i++) {
                    t.forward(new int[] {sink[0]}, 1, 256 + i, warm, 0, argMax);
                }
            }

            try (KvCache cache = full.create(t.geometry(maxContext + steps + 8), Map.of())) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                t.forward(prompt, prefill, 0, cache, prefill - 1, argMax);
                cache.endPrefill();
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                double flops = 2.0 * t.matrixMacsPerToken() * prefill
                        + 4.0 * c.layers() * c.heads() * c.headDim() * ((double) prefill * (prefill + 1) / 2);
                System.out.printf(Locale.ROOT, "%s prefill %d tokens: %.1f tokens/s, %.1f GFLOP/s = %.0f%% of FMA peak"
                                + " (process CPU %.1f s for %.1f s wall; %.1f GFLOP per CPU-second = %.0f%% of the core's"
                                + " FMA peak per CPU-second)%n",
                        dtype, prefill, prefill / seconds, flops / seconds / 1e9, 100 * flops / seconds / peak,
                        cpuSeconds, seconds, flops / cpuSeconds / 1e9, 100 * flops / cpuSeconds / fmaPeakPerCpuSecond);

                int position = prefill;
                MemorySegment kv = fillPattern(cache, c.kvHeads() * c.headDim());
                for (int context : contexts) {
                    while (position < context) {
                        int n = Math.min(256, context - position);
                        for (int l = 0; l < c.layers(); l++) {
                            cache.append(l, position, n, kv, kv);
                        }
                        position += n;
                    }
                    t.forward(new int[] {sink[0]}, 1, position++, cache, 0, argMax); // settle
                    // the machine's bandwidth swings by 2x within minutes: compare with a copy measured just before
                    double copyNow = copyBandwidth(threads);
                    double readNow = readBandwidth(threads);
                    long s = System.nanoTime();
                    long cpu = processCpuNanos();
                    for (int i = 0; i < steps; i++) {
                        t.forward(new int[] {sink[0]}, 1, position++, cache, 0, argMax);
                    }
                    double perToken = (System.nanoTime() - s) / 1e9 / steps;
                    double cpuPerToken = (processCpuNanos() - cpu) / 1e9 / steps;
                    long kvBytes = 2L * c.layers() * c.kvHeads() * c.headDim() * Float.BYTES * (position - steps / 2);
                    long bytes = t.weightBytesPerToken() + kvBytes;
                    double achieved = bytes / perToken;
                    System.out.printf(Locale.ROOT,
                            "%s decode at %d context: %.2f tokens/s, %.0f MB read per token (weights %.0f, KV %.0f), "
                                    + "%.2f GB/s = %.0f%% of the copy bandwidth measured just before (%.2f GB/s; %.0f%% of"
                                    + " the run's first, %.2f GB/s), %.0f%% of the read bandwidth measured just before"
                                    + " (%.2f GB/s) (process CPU %.0f ms per token)%n",
                            dtype, context, 1 / perToken, bytes / 1e6, t.weightBytesPerToken() / 1e6, kvBytes / 1e6,
                            achieved / 1e9, 100 * achieved / copyNow, copyNow / 1e9, 100 * achieved / copyBandwidth,
                            copyBandwidth / 1e9, 100 * achieved / readNow, readNow / 1e9, cpuPerToken * 1e3);
                }
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "%s memory: KV resident %d MiB, heap used %d MiB of max %d MiB%n", dtype,
                        cache.stats().bytesResident() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20,
                        rt.maxMemory() >> 20);
            }
        }
    }

    /** CPU time of all threads of this process (user + system), to read figures taken on a loaded machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One chunk of 256 tokens' worth of keys (and values), small random values, appended repeatedly. */
    private static MemorySegment fillPattern(KvCache cache, int row) {
        MemorySegment s = Arena.ofAuto().allocate(256L * row * Float.BYTES, 64);
        Random r = new Random(5);
        for (long i = 0; i < 256L * row; i++) {
            s.setAtIndex(JAVA_FLOAT, i, (float) (r.nextGaussian() * 0.5));
        }
        return s;
    }

    /** Best of five parallel copies of 2 x 128 MiB float arrays, counting bytes read plus written. */
    static double copyBandwidth(int threads) throws InterruptedException {
        int n = 32 << 20;
        float[] src = new float[n];
        float[] dst = new float[n];
        java.util.Arrays.fill(src, 1f);
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                int from = (int) ((long) n * i / threads);
                int to = (int) ((long) n * (i + 1) / threads);
                ts[i] = new Thread(() -> System.arraycopy(src, from, dst, from, to - from));
                ts[i].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * n * Float.BYTES / seconds);
        }
        return best;
    }

    /**
     * Best of seven parallel vectorized sums over a 256 MiB off-heap buffer, counting bytes read: the
     * bound of a workload that only reads, as decode reads its weights.
     */
    static double readBandwidth(int threads) throws InterruptedException {
        long bytes = 256L << 20;
        double best = 0;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1);
            float[] sums = new float[threads];
            for (int rep = 0; rep < 7; rep++) {
                Thread[] ts = new Thread[threads];
                long start = System.nanoTime();
                for (int i = 0; i < threads; i++) {
                    int id = i;
                    long from = bytes * i / threads;
                    long to = bytes * (i + 1) / threads;
                    ts[i] = new Thread(() -> sums[id] = sum(buffer, from, to));
                    ts[i].start();
                }
                for (Thread t : ts) {
                    t.join();
                }
                best = Math.max(best, bytes / ((System.nanoTime() - start) / 1e9));
            }
        }
        return best;
    }

    private static float sum(MemorySegment buffer, long from, long to) {
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        long step = F.vectorByteSize();
        for (long o = from; o + 4 * step <= to; o += 4 * step) {
            a = a.add(FloatVector.fromMemorySegment(F, buffer, o, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(F, buffer, o + step, ByteOrder.LITTLE_ENDIAN));
            c = c.add(FloatVector.fromMemorySegment(F, buffer, o + 2 * step, ByteOrder.LITTLE_ENDIAN));
            d = d.add(FloatVector.fromMemorySegment(F, buffer, o + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    /** FLOP/s per CPU-second of one thread running the FMA loop: the core's peak, whatever the load. */
    static double fmaPeakPerCpuSecond;

    /** Best of three runs of independent FMA chains on every thread (wall clock); also sets {@link #fmaPeakPerCpuSecond}. */
    static double fmaPeak(int threads) throws InterruptedException {
        long iterations = 50_000_000;
        double best = 0;
        float[] results = new float[threads];
        long[] cpu = new long[threads];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 3; rep++) {
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                int id = i;
                ts[i] = new Thread(() -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    results[id] = fmaChains(iterations);
                    cpu[id] = mx.getCurrentThreadCpuTime() - c0;
                });
                ts[i].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double flopsPerThread = iterations * 12.0 * 2 * F.length();
            best = Math.max(best, threads * flopsPerThread / seconds);
            for (long c : cpu) {
                fmaPeakPerCpuSecond = Math.max(fmaPeakPerCpuSecond, flopsPerThread / (c / 1e9));
            }
        }
        return best;
    }

    private static float fmaChains(long iterations) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f);
        FloatVector c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1f), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4),
                a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10),
                a11 = a0.add(11);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    private NativeEngineBenchmark() {
    }
}
