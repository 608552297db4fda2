package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.KeyScorer;
import org.osgi.service.component.annotations.Component;

/**
 * Ada-KV (Feng et al., 2024): adaptive budget allocation across the KV heads of a layer
 * ({@link AdaptiveBudget}) over any scorer ({@code scorer}: {@code snapkv}, the observation-window
 * scorer, default; or {@code h2o}, accumulated attention over the prompt), with {@code B = budget -
 * window} per head on average and the safeguard floor {@code alpha} (0.2). Every head also keeps its
 * last {@code window} tokens. Heads end up with different token counts and the evicted tokens are
 * really removed from their stores.
 *
 * <p>Bytes resident per layer: {@code (H * B + H * W + H * decoded) * 2 * headDim * bytes(dtype)} after
 * prefill, the same total as SnapKV.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=adakv",
        "longscope.description=Ada-KV: head-adaptive budgets over a scorer"})
public final class AdaKvPolicy implements KvCachePolicy {
    public static final String ID = "adakv";

    private static final List<ParamSpec> PARAMS = List.of(Params.BUDGET, Params.WINDOW, Params.POOL,
            Params.KERNEL,
            ParamSpec.choice("scorer", "snapkv", List.of("snapkv", "h2o"), "scores the heads share"),
            ParamSpec.decimal("alpha", 0.2, 0.0, 1.0, "per-head floor as a fraction of budget - window"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        Params.checkWindowed(ID, p);
        int window = Params.integer(p, "window");
        KeyScorer scorer = p.get("scorer").equals("h2o")
                ? new AccumulatedAttention(geometry)
                : Params.windowScorer(geometry, p);
        AdaptiveBudget adaptive = new AdaptiveBudget(Params.integer(p, "budget") - window, (Double) p.get("alpha"));
        return new EvictingCache(ID, geometry, Params.dtype(p), new Eviction(scorer, adaptive, 0, window, 0));
    }
}
