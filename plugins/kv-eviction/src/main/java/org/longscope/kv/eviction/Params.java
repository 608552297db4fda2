package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.Pooling;
import org.longscope.kv.core.Precision;
import org.longscope.kv.core.WindowAttentionScorer;

/** Parameters the eviction methods share, and their cross-parameter checks. */
final class Params {
    static final ParamSpec BUDGET = ParamSpec.integer("budget", 1024, 1, 1 << 24,
            "C: tokens kept per KV head, window included");
    static final ParamSpec WINDOW = ParamSpec.integer("window", 32, 1, 1 << 16,
            "W: observation window (the last W prompt queries), always kept");
    static final ParamSpec POOL = ParamSpec.choice("pool", "avg", List.of("avg", "max"),
            "1-D pooling that smooths the window scores");
    static final ParamSpec KERNEL = ParamSpec.integer("kernel", 5, 1, 255,
            "pooling kernel size (odd; stride 1, same padding)");
    static final ParamSpec DTYPE = ParamSpec.choice("dtype", "fp32", List.of("fp32", "fp16"),
            "element type of stored keys and values");

    private Params() {
    }

    static int integer(Map<String, Object> p, String name) {
        return (Integer) p.get(name);
    }

    static Precision dtype(Map<String, Object> p) {
        return Precision.of((String) p.get("dtype"));
    }

    static Pooling.Kind pool(Map<String, Object> p) {
        return Pooling.Kind.valueOf(((String) p.get("pool")).toUpperCase(java.util.Locale.ROOT));
    }

    /** SnapKV's observation-window scorer from {@code window}, {@code pool} and {@code kernel}. */
    static WindowAttentionScorer windowScorer(CacheGeometry geometry, Map<String, Object> p) {
        return new WindowAttentionScorer(geometry, integer(p, "window"), pool(p), integer(p, "kernel"));
    }

    /** The window must leave room in the budget; the pooling kernel must be odd. */
    static void checkWindowed(String id, Map<String, Object> p) {
        int budget = integer(p, "budget");
        int window = integer(p, "window");
        if (window >= budget) {
            throw new InvalidInputException(id + ".window", "expected an integer in [1, budget - 1] = [1, "
                    + (budget - 1) + "], got " + window);
        }
        int kernel = integer(p, "kernel");
        if (kernel % 2 == 0) {
            throw new InvalidInputException(id + ".kernel", "expected an odd integer in [1, 255], got " + kernel);
        }
    }
}
