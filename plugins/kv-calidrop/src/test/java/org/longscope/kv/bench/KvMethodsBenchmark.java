package org.longscope.kv.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.calidrop.CaliDropTestAccess;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.kv.eviction.AdaKvPolicy;
import org.longscope.kv.eviction.H2oPolicy;
import org.longscope.kv.eviction.PyramidKvPolicy;
import org.longscope.kv.eviction.SnapKvPolicy;
import org.longscope.kv.eviction.StreamingLlmPolicy;
import org.longscope.kv.quant.KiviPolicy;
import org.longscope.kv.quant.OttPolicy;

/**
 * Benchmark command: the attention cost of one decode step of every KV method, measured in one run
 * against {@code full}, directly on the caches with the Qwen2.5-0.5B cache geometry (24 layers,
 * 14 query heads, 2 KV heads, head dim 64), at each context length; and the resident/offloaded
 * bytes after the prompt. A cache is filled by appending T random tokens in chunks, of which only
 * the last 64 tokens attend (the decode step is what is measured, not the O(T^2) prefill; SnapKV's
 * window and H2O's scores come from those tokens). Decode queries are the last prompt query plus
 * Gaussian noise ({@code --noise}, relative), so consecutive queries are correlated as in a real
 * model and CaliDrop's branches all occur. Prints one line per method and length.
 *
 * <p>{@code --lengths 8192,32768 --steps 16 --warmup 4 --methods full;snapkv:budget=1024;... [--interleave]}:
 * with {@code --interleave} every cache is filled first and the methods take decode steps in turn
 * (median milliseconds per step), for ratios that hold on a machine whose speed drifts.
 */
public final class KvMethodsBenchmark {
    private static final int CHUNK = 512;
    private static final int OBSERVED = 64;

    public static void main(String[] args) {
        int[] lengths = {8192, 32768};
        int steps = 16;
        int warmup = 4;
        double noise = 0.5;
        boolean interleave = false;
        List<String> methods = new ArrayList<>(List.of("full", "full:dtype=fp16", "streamingllm:budget=1024",
                "h2o:budget=1024", "snapkv:budget=1024", "pyramidkv:budget=1024", "adakv:budget=1024",
                "calidrop:base=snapkv,budget=1024", "kivi:bits=2", "kivi:bits=4", "ott"));
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--interleave")) {
                interleave = true;
                i--;
                continue;
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--lengths" -> lengths = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--steps" -> steps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--noise" -> noise = Double.parseDouble(v);
                case "--methods" -> methods = List.of(v.split(";"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, KvCachePolicy> policies = policies();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, java %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "geometry: qwen2.5-0.5b (24 layers, 14 q heads, 2 kv heads, d 64); "
                + "%d timed decode steps after %d warm-up steps; single thread%n", steps, warmup);
        System.out.printf(Locale.ROOT, "%-34s %7s %10s %9s %10s %12s %12s  %s%n", "method", "T", "ms/step",
                "vs full", "steps/s", "resident MiB", "offload MiB", "counters");
        // compile every method's code paths before anything is timed
        for (String text : methods) {
            KvMethodSpec spec = KvMethodSpec.parse(text);
            measure(policies.get(spec.id()), spec.params(), 2048, 6, 0, noise);
        }
        for (int length : lengths) {
            List<Result> results = interleave ? interleaved(policies, methods, length, steps, warmup, noise)
                    : sequential(policies, methods, length, steps, warmup, noise);
            double fullMs = 0;
            for (int i = 0; i < methods.size(); i++) {
                String text = methods.get(i);
                Result r = results.get(i);
                if (text.equals("full")) {
                    fullMs = r.msPerStep;
                }
                System.out.printf(Locale.ROOT, "%-34s %7d %10.2f %8.2fx %10.1f %12.1f %12.1f  %s%n", text, length,
                        r.msPerStep, fullMs == 0 ? 1 : fullMs / r.msPerStep, 1000 / r.msPerStep,
                        r.stats.bytesResident() / 1048576.0, r.stats.bytesOffloaded() / 1048576.0,
                        r.stats.counters());
            }
        }
    }

    /** Each method filled and timed in turn: mean milliseconds per step. */
    private static List<Result> sequential(Map<String, KvCachePolicy> policies, List<String> methods, int length,
            int steps, int warmup, double noise) {
        List<Result> results = new ArrayList<>();
        for (String text : methods) {
            KvMethodSpec spec = KvMethodSpec.parse(text);
            results.add(measure(policies.get(spec.id()), spec.params(), length, steps, warmup, noise));
        }
        return results;
    }

    /**
     * Every method's cache filled first, then one decode step of each in turn, {@code steps} times:
     * the median milliseconds per step, so that a machine whose speed drifts during the run slows
     * every method alike and the ratios hold.
     */
    private static List<Result> interleaved(Map<String, KvCachePolicy> policies, List<String> methods, int length,
            int steps, int warmup, double noise) {
        List<Decoder> decoders = new ArrayList<>();
        try {
            for (String text : methods) {
                KvMethodSpec spec = KvMethodSpec.parse(text);
                decoders.add(new Decoder(policies.get(spec.id()), spec.params(), length, steps + warmup, noise));
            }
            double[][] times = new double[methods.size()][steps];
            for (int s = 0; s < warmup + steps; s++) {
                for (int m = 0; m < decoders.size(); m++) {
                    double ms = decoders.get(m).step();
                    if (s >= warmup) {
                        times[m][s - warmup] = ms;
                    }
                }
            }
            List<Result> results = new ArrayList<>();
            for (int m = 0; m < decoders.size(); m++) {
                double[] t = times[m].clone();
                java.util.Arrays.sort(t);
                double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
                results.add(new Result(median, decoders.get(m).cache.stats()));
            }
            return results;
        } finally {
            decoders.forEach(Decoder::close);
        }
    }

    static Map<String, KvCachePolicy> policies() {
        Map<String, KvCachePolicy> p = new LinkedHashMap<>();
        p.put("full", new FullPolicy());
        p.put("streamingllm", new StreamingLlmPolicy());
        p.put("h2o", new H2oPolicy());
        p.put("snapkv", new SnapKvPolicy());
        p.put("pyramidkv", new PyramidKvPolicy());
        p.put("adakv", new AdaKvPolicy());
        p.put("kivi", new KiviPolicy());
        p.put("ott", new OttPolicy());
        p.put("calidrop", CaliDropTestAccess.calidrop(Map.copyOf(p)));
        return p;
    }

    record Result(double msPerStep, KvStats stats) {
    }

    static Result measure(KvCachePolicy policy, Map<String, Object> params, int length, int steps, int warmup,
            double noise) {
        try (Decoder decoder = new Decoder(policy, params, length, steps + warmup, noise)) {
            double timed = 0;
            for (int s = 0; s < warmup + steps; s++) {
                double ms = decoder.step();
                if (s >= warmup) {
                    timed += ms;
                }
            }
            return new Result(timed / steps, decoder.cache.stats());
        }
    }

    /**
     * A cache with the benchmark geometry filled with a prompt of {@code length} random tokens, of
     * which the last 64 attend, and decoded one step at a time.
     */
    static final class Decoder implements AutoCloseable {
        private static final int LAYERS = 24;
        private static final int KV_HEADS = 2;
        private static final int Q_HEADS = 14;
        private static final int D = 64;
        private final Arena arena = Arena.ofConfined();
        private final KvCache cache;
        private final Random random = new Random(1);
        private final double noise;
        private final float[] base = new float[Q_HEADS * D];
        private final MemorySegment stepQuery;
        private final MemorySegment stepKv;
        private final MemorySegment out;
        private int position;

        Decoder(KvCachePolicy policy, Map<String, Object> params, int length, int steps, double noise) {
            this.noise = noise;
            this.cache = policy.create(CacheGeometry.of(LAYERS, KV_HEADS, Q_HEADS, D, length + steps + 8), params);
            MemorySegment kv = gaussian(arena, random, CHUNK * KV_HEADS * D, 1);
            MemorySegment kv2 = gaussian(arena, random, CHUNK * KV_HEADS * D, 1);
            MemorySegment q = gaussian(arena, random, CHUNK * Q_HEADS * D, 1.5);
            out = arena.allocate((long) CHUNK * Q_HEADS * D * 4);
            while (position < length) {
                // the last OBSERVED tokens attend; everything before is appended only
                int n = position < length - OBSERVED ? Math.min(CHUNK, length - OBSERVED - position) : OBSERVED;
                boolean last = position + n == length;
                for (int l = 0; l < LAYERS; l++) {
                    cache.append(l, position, n, kv, (position / CHUNK) % 2 == 0 ? kv2 : kv);
                    if (last) {
                        for (int h = 0; h < KV_HEADS; h++) {
                            cache.attend(l, h, n, q, out);
                        }
                    }
                }
                position += n;
            }
            cache.endPrefill();
            // decode: correlated queries around the last prompt query, fresh keys and values
            MemorySegment.copy(q, ValueLayout.JAVA_FLOAT, (long) (OBSERVED - 1) * Q_HEADS * D * 4, base, 0, base.length);
            stepQuery = arena.allocate(base.length * 4L);
            stepKv = arena.allocate((long) KV_HEADS * D * 4);
        }

        /** One decode step through every layer and KV head; returns its milliseconds. */
        double step() {
            for (int i = 0; i < base.length; i++) {
                stepQuery.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (base[i] * (1 + noise * random.nextGaussian())));
            }
            for (int i = 0; i < KV_HEADS * D; i++) {
                stepKv.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
            }
            long start = System.nanoTime();
            for (int l = 0; l < LAYERS; l++) {
                cache.append(l, position, 1, stepKv, stepKv);
                for (int h = 0; h < KV_HEADS; h++) {
                    cache.attend(l, h, 1, stepQuery, out);
                }
            }
            long elapsed = System.nanoTime() - start;
            position++;
            return elapsed / 1e6;
        }

        @Override
        public void close() {
            cache.close();
            arena.close();
        }
    }

    private static MemorySegment gaussian(Arena arena, Random random, int count, double sigma) {
        MemorySegment s = arena.allocate(count * 4L, 64);
        for (int i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (random.nextGaussian() * sigma));
        }
        return s;
    }
}
