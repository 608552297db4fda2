package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.osgi.service.component.annotations.Component;

/**
 * PyramidKV (Cai et al., 2024): SnapKV scoring with per-layer budgets that fall linearly with depth
 * ({@link PyramidBudget}). Composition: the window-attention scorer, the pyramid budget, the window
 * protected.
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
        int window = Params.integer(p, "window");
        PyramidBudget pyramid = new PyramidBudget(Params.integer(p, "budget"), window, Params.integer(p, "beta"));
        return new EvictingCache(ID, geometry, Params.dtype(p),
                new Eviction(Params.windowScorer(geometry, p), pyramid, 0, window, 0));
    }

    /** Earlier tokens each layer keeps (the window comes on top), for a prompt of T tokens. */
    public static int[] layerBudgets(int budget, int window, int prompt, int layers, int beta) {
        return PyramidBudget.layerBudgets(budget, window, prompt, layers, beta);
    }
}
