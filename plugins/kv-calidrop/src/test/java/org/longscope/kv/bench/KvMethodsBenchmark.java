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
import org.longscope.kv.calidrop.CaliDropPolicy;
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
 * <p>{@code --lengths 8192,32768 --steps 16 --warmup 4 --methods full,snapkv:budget=1024,...}
 */
public final class KvMethodsBenchmark {
    private static final int CHUNK = 512;
    private static final int OBSERVED = 64;

    public static void main(String[] args) {
        int[] lengths = {8192, 32768};
        int steps = 16;
        int warmup = 4;
        double noise = 0.5;
        List<String> methods = new ArrayList<>(List.of("full", "full:dtype=fp16", "streamingllm:budget=1024",
                "h2o:budget=1024", "snapkv:budget=1024", "pyramidkv:budget=1024", "adakv:budget=1024",
                "calidrop:base=snapkv,budget=1024", "kivi:bits=2", "kivi:bits=4", "ott"));
        for (int i = 0; i < args.length; i += 2) {
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
            double fullMs = 0;
            for (String text : methods) {
                KvMethodSpec spec = KvMethodSpec.parse(text);
                Result r = measure(policies.get(spec.id()), spec.params(), length, steps, warmup, noise);
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
        CaliDropPolicy calidrop = new CaliDropPolicy();
        p.forEach((id, policy) -> CaliDropTestAccess.bind(calidrop, policy, id));
        p.put("calidrop", calidrop);
        return p;
    }

    record Result(double msPerStep, KvStats stats) {
    }

    static Result measure(KvCachePolicy policy, Map<String, Object> params, int length, int steps, int warmup,
            double noise) {
        int layers = 24;
        int kvHeads = 2;
        int qHeads = 14;
        int d = 64;
        CacheGeometry g = CacheGeometry.of(layers, kvHeads, qHeads, d, length + steps + warmup + 8);
        Random random = new Random(1);
        try (Arena arena = Arena.ofConfined(); KvCache cache = policy.create(g, params)) {
            MemorySegment kv = gaussian(arena, random, CHUNK * kvHeads * d, 1);
            MemorySegment kv2 = gaussian(arena, random, CHUNK * kvHeads * d, 1);
            MemorySegment q = gaussian(arena, random, CHUNK * qHeads * d, 1.5);
            MemorySegment out = arena.allocate((long) CHUNK * qHeads * d * 4);
            int position = 0;
            while (position < length) {
                // the last OBSERVED tokens attend; everything before is appended only
                int n = position < length - OBSERVED ? Math.min(CHUNK, length - OBSERVED - position) : OBSERVED;
                boolean last = position + n == length;
                for (int l = 0; l < layers; l++) {
                    cache.append(l, position, n, kv, (position / CHUNK) % 2 == 0 ? kv2 : kv);
                    if (last) {
                        for (int h = 0; h < kvHeads; h++) {
                            cache.attend(l, h, n, q, out);
                        }
                    }
                }
                position += n;
            }
            cache.endPrefill();
            // decode: correlated queries around the last prompt query, fresh keys and values
            int lastRow = OBSERVED - 1;
            float[] base = new float[qHeads * d];
            MemorySegment.copy(q, ValueLayout.JAVA_FLOAT, (long) lastRow * qHeads * d * 4, base, 0, base.length);
            MemorySegment stepQuery = arena.allocate(base.length * 4L);
            MemorySegment stepKv = arena.allocate((long) kvHeads * d * 4);
            long timed = 0;
            for (int s = 0; s < warmup + steps; s++) {
                for (int i = 0; i < base.length; i++) {
                    stepQuery.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (base[i] * (1 + noise * random.nextGaussian())));
                }
                for (int i = 0; i < kvHeads * d; i++) {
                    stepKv.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
                }
                long start = System.nanoTime();
                for (int l = 0; l < layers; l++) {
                    cache.append(l, position, 1, stepKv, stepKv);
                    for (int h = 0; h < kvHeads; h++) {
                        cache.attend(l, h, 1, stepQuery, out);
                    }
                }
                if (s >= warmup) {
                    timed += System.nanoTime() - start;
                }
                position++;
            }
            return new Result(timed / 1e6 / steps, cache.stats());
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
