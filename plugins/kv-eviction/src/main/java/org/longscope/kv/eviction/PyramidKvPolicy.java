package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.osgi.service.component.annotations.Component;

/**
 * PyramidKV (Cai et al., 2024): SnapKV scoring with per-layer budgets that fall linearly with depth.
 * With {@code C = budget}, {@code W = window}, T prompt tokens and L layers:
 * {@code min = floor((C - W) / beta)}, {@code max = 2(C - W) - min}; if {@code max >= T - W} then
 * {@code max = T - W} and {@code min = 2(C - W) - max}; layer l keeps
 * {@code max - trunc(l (max - min) / (L - 1))} earlier tokens (clamped to {@code [0, T - W]}) plus the
 * window. The spec's formula is evaluated as one product before rounding, so the last layer gets
 * exactly {@code min} (KVCache-Factory rounds the step {@code (max - min) / (L - 1)} first); a
 * one-layer model keeps {@code C - W}.
 *
 * <p>Bytes resident: the sum over layers of {@code (keep_l + W + decoded) * 2 * headDim * bytes(dtype)} per KV head.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=pyramidkv",
        "longscope.description=PyramidKV: SnapKV with layer budgets falling with depth"})
public final class PyramidKvPolicy implements KvCachePolicy {
    public static final String ID = "pyramidkv";

    private static final List<ParamSpec> PARAMS = List.of(Params.BUDGET, Params.WINDOW, Params.POOL,
            Params.KERNEL, ParamSpec.integer("beta", 20, 1, 1000, "min budget = (C - W) / beta"), Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        Params.checkWindowed(ID, p);
        int budget = Params.integer(p, "budget");
        int window = Params.integer(p, "window");
        int beta = Params.integer(p, "beta");
        return new WindowScoredCache(ID, geometry, Params.dtype(p), budget, window, Params.pool(p),
                Params.integer(p, "kernel")) {
            @Override
            protected int selectedTokens(int layer, int prompt) {
                return layerBudgets(budget, window, prompt, geometry.layers(), beta)[layer];
            }
        };
    }

    /** Earlier tokens each layer keeps (the window comes on top), for a prompt of T tokens. */
    public static int[] layerBudgets(int budget, int window, int prompt, int layers, int beta) {
        int candidates = Math.max(0, prompt - window);
        int[] keep = new int[layers];
        if (layers == 1) {
            keep[0] = Math.min(candidates, budget - window);
            return keep;
        }
        long perLayer = budget - window;
        long min = perLayer / beta;
        long max = 2 * perLayer - min;
        if (max >= candidates) {
            max = candidates;
            min = 2 * perLayer - max;
        }
        for (int l = 0; l < layers; l++) {
            long k = max - (l * (max - min)) / (layers - 1);
            keep[l] = (int) Math.max(0, Math.min(candidates, k));
        }
        return keep;
    }
}
