package org.longscope.kv.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.KvStats;
import org.longscope.nativeengine.engine.LogitsConsumer;
import org.longscope.nativeengine.engine.Sampler;
import org.longscope.nativeengine.engine.Transformer;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SyntheticModels;

/**
 * Benchmark command: decode tokens/s of every KV method inside the native engine, on a synthetic
 * Qwen2.5-0.5B-shaped model (random weights, Q8_0 by default), measured in one run against
 * {@code full}. The context is built by appending random keys and values up to T - 64 (a real 32K
 * prefill would take hours on the benchmark machine) and then running the last 64 prompt tokens
 * through the model, so SnapKV's window, H2O's scores and CaliDrop's q_ref come from real queries;
 * then greedy decode steps are timed (weights plus attention, the whole forward pass).
 *
 * <p>{@code --model PATH.gguf --lengths 8192,32768 --steps 4 --threads 1 --methods full;snapkv:budget=1024;...}
 */
public final class KvEngineBenchmark {
    private static final int OBSERVED = 64;

    public static void main(String[] args) throws IOException {
        Path model = Path.of(System.getProperty("java.io.tmpdir"), "longscope-kv-bench", "qwen2.5-0.5b-q8_0.gguf");
        int[] lengths = {8192, 32768};
        int steps = 4;
        int threads = 1;
        List<String> methods = List.of("full", "full:dtype=fp16", "streamingllm:budget=1024", "h2o:budget=1024",
                "snapkv:budget=1024", "pyramidkv:budget=1024", "adakv:budget=1024", "calidrop:base=snapkv,budget=1024",
                "kivi:bits=2", "ott");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = Path.of(v);
                case "--lengths" -> lengths = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--steps" -> steps = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--methods" -> methods = List.of(v.split(";"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!Files.exists(model)) {
            SyntheticModels.write(SyntheticModels.Request.of(ModelShape.QWEN2_5_0_5B, GgmlType.Q8_0,
                    SyntheticModels.Format.GGUF, model, 1));
        }
        Map<String, KvCachePolicy> policies = KvMethodsBenchmark.policies();
        System.out.printf(Locale.ROOT, "machine: %d cores, java %s; model %s; %d compute thread(s); %d timed steps%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), model.getFileName(), threads, steps);
        System.out.printf(Locale.ROOT, "%-34s %7s %10s %9s %12s  %s%n", "method", "T", "tokens/s", "vs full",
                "resident MiB", "counters");
        try (LoadedModel loaded = ModelLoader.load(model);
                ComputePool pool = new ComputePool(threads);
                Transformer t = new Transformer(model.toString(), loaded.config(), loaded.tensors(), pool, 64)) {
            int vocab = loaded.config().vocabSize();
            int[] next = new int[1];
            LogitsConsumer argMax = (i, logits, off) -> next[0] = Sampler.argMax(logits, off, vocab);
            // compile the engine and every method once
            for (String text : methods) {
                run(t, policies, text, 1024, 2, argMax, next);
            }
            for (int length : lengths) {
                double fullRate = 0;
                for (String text : methods) {
                    Object[] r = run(t, policies, text, length, steps, argMax, next);
                    double rate = (Double) r[0];
                    KvStats stats = (KvStats) r[1];
                    if (text.equals("full")) {
                        fullRate = rate;
                    }
                    System.out.printf(Locale.ROOT, "%-34s %7d %10.2f %8.2fx %12.1f  %s%n", text, length, rate,
                            fullRate == 0 ? 1 : rate / fullRate, stats.bytesResident() / 1048576.0, stats.counters());
                }
            }
        }
    }

    /** Returns {tokens per second, stats}. */
    private static Object[] run(Transformer t, Map<String, KvCachePolicy> policies, String text, int length,
            int steps, LogitsConsumer argMax, int[] next) {
        KvMethodSpec spec = KvMethodSpec.parse(text);
        var c = t.config();
        Random random = new Random(7);
        try (Arena arena = Arena.ofConfined();
                KvCache cache = policies.get(spec.id()).create(t.geometry(length + steps + 8), spec.params())) {
            int chunk = 256;
            int row = c.kvHeads() * c.headDim();
            MemorySegment kv = arena.allocate((long) chunk * row * 4, 64);
            for (long i = 0; i < (long) chunk * row; i++) {
                kv.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (random.nextGaussian() * 0.5));
            }
            int position = 0;
            while (position < length - OBSERVED) {
                int n = Math.min(chunk, length - OBSERVED - position);
                for (int l = 0; l < c.layers(); l++) {
                    cache.append(l, position, n, kv, kv);
                }
                position += n;
            }
            int[] prompt = random.ints(OBSERVED, 0, c.vocabSize()).toArray();
            t.forward(prompt, OBSERVED, position, cache, OBSERVED - 1, argMax);
            position += OBSERVED;
            cache.endPrefill();
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                t.forward(new int[] {next[0]}, 1, position++, cache, 0, argMax);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Object[] {steps / seconds, cache.stats()};
        }
    }
}
