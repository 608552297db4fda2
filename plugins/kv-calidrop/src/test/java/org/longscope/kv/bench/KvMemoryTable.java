package org.longscope.kv.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.eviction.PyramidKvPolicy;

/**
 * Memory command: bytes resident (and offloaded) after a 32K-token prompt for every method, against
 * the fp16 full cache, for the Qwen2.5-0.5B geometry (24 layers, 2 KV heads, d 64) and the
 * Llama-3-8B geometry (32 layers, 8 KV heads, d 128). Figures are {@code stats()} of real caches
 * filled with random tokens, except eviction methods on the Llama geometry, whose 4 GiB prefill
 * peak is too large for the shared benchmark machine: those rows come from the documented
 * bytes-per-token formula (which the unit tests check against {@code stats()}), marked "formula".
 *
 * <p>Optional arguments: a geometry name ({@code qwen2.5-0.5b} or {@code llama-3-8b}) and a
 * {@code ;}-separated list of methods.
 */
public final class KvMemoryTable {
    private static final int TOKENS = 32768;

    record Shape(String name, int layers, int kvHeads, int queryHeads, int headDim) {
    }

    public static void main(String[] args) {
        List<Shape> shapes = List.of(new Shape("qwen2.5-0.5b", 24, 2, 14, 64), new Shape("llama-3-8b", 32, 8, 32, 128));
        List<String> methods = args.length > 1 ? List.of(args[1].split(";")) : List.of("full:dtype=fp16", "full", "streamingllm:budget=1024,dtype=fp16",
                "h2o:budget=1024,dtype=fp16", "snapkv:budget=1024,dtype=fp16", "pyramidkv:budget=1024,dtype=fp16",
                "adakv:budget=1024,dtype=fp16", "calidrop:base=snapkv,budget=1024,dtype=fp16", "kivi:bits=2,G=32",
                "kivi:bits=4,G=32", "kivi:bits=8,G=32", "ott");
        Map<String, KvCachePolicy> policies = KvMethodsBenchmark.policies();
        System.out.printf(Locale.ROOT, "| geometry | method | resident MiB | offloaded MiB | fp16 full / resident | source |%n");
        System.out.printf(Locale.ROOT, "|---|---|---:|---:|---:|---|%n");
        for (Shape shape : shapes) {
            if (args.length > 0 && !shape.name().equals(args[0])) {
                continue;
            }
            long fp16Full = (long) TOKENS * shape.layers() * shape.kvHeads() * 2 * shape.headDim() * 2;
            for (String text : methods) {
                KvMethodSpec spec = KvMethodSpec.parse(text);
                boolean dense = !spec.id().equals("kivi") && !spec.id().equals("ott");
                long resident;
                long offloaded;
                String source;
                if (shape.name().startsWith("llama") && dense) {
                    resident = formula(spec, shape);
                    offloaded = spec.id().equals("calidrop") ? (long) (TOKENS - 1024) * shape.layers()
                            * shape.kvHeads() * 2 * shape.headDim() * 2 : 0;
                    source = "formula";
                } else {
                    KvStats stats = fill(policies.get(spec.id()), spec.params(), shape);
                    resident = stats.bytesResident();
                    offloaded = stats.bytesOffloaded();
                    source = "stats()";
                }
                System.out.printf(Locale.ROOT, "| %s | `%s` | %.1f | %.1f | %.2fx | %s |%n", shape.name(), text,
                        resident / 1048576.0, offloaded / 1048576.0, (double) fp16Full / resident, source);
            }
        }
    }

    /** Documented bytes per KV head of the dense methods after a prompt of TOKENS, times heads and layers. */
    static long formula(KvMethodSpec spec, Shape shape) {
        int bytes = "fp16".equals(spec.params().get("dtype")) ? 2 : 4;
        long perToken = 2L * shape.headDim() * bytes;
        long tokensPerHead = switch (spec.id()) {
            case "full" -> (long) TOKENS * shape.layers();
            case "pyramidkv" -> {
                long sum = 0;
                for (int keep : PyramidKvPolicy.layerBudgets(1024, 32, TOKENS, shape.layers(), 20)) {
                    sum += keep + 32;
                }
                yield sum;
            }
            default -> 1024L * shape.layers();
        };
        return tokensPerHead * shape.kvHeads() * perToken;
    }

    static KvStats fill(KvCachePolicy policy, Map<String, Object> params, Shape shape) {
        CacheGeometry g = CacheGeometry.of(shape.layers(), shape.kvHeads(), shape.queryHeads(), shape.headDim(), TOKENS);
        int chunk = 1024;
        int observed = 64;
        Random random = new Random(2);
        try (Arena arena = Arena.ofConfined(); KvCache cache = policy.create(g, params)) {
            int kvFloats = chunk * shape.kvHeads() * shape.headDim();
            MemorySegment k = arena.allocate(kvFloats * 4L);
            MemorySegment v = arena.allocate(kvFloats * 4L);
            for (int i = 0; i < kvFloats; i++) {
                k.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
                v.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextGaussian());
            }
            MemorySegment q = arena.allocate((long) observed * shape.queryHeads() * shape.headDim() * 4);
            MemorySegment out = arena.allocate(q.byteSize());
            int position = 0;
            while (position < TOKENS) {
                int n = position < TOKENS - observed ? Math.min(chunk, TOKENS - observed - position) : observed;
                for (int l = 0; l < shape.layers(); l++) {
                    cache.append(l, position, n, k, v);
                    if (position + n == TOKENS) {
                        for (int h = 0; h < shape.kvHeads(); h++) {
                            cache.attend(l, h, n, q, out);
                        }
                    }
                }
                position += n;
            }
            cache.endPrefill();
            return cache.stats();
        }
    }
}
