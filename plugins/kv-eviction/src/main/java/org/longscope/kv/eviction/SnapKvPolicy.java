package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.osgi.service.component.annotations.Component;

/**
 * SnapKV (Li et al., 2024): at the end of prefill the last {@code window} prompt queries attend to
 * all keys (causal inside the window); each earlier key is scored by the sum of its attention
 * probability over the window, per query head; the sums are smoothed with 1-D pooling
 * ({@code pool} avg|max, {@code kernel} 5, stride 1, same padding, zero padding counted by avg as in
 * PyTorch's {@code avg_pool1d}) and averaged over the query heads of the KV group; each KV head keeps
 * its top {@code budget - window} keys plus the window. Ties go to the earlier token. Decoding
 * appends without eviction. Composition: the window-attention scorer, a uniform budget, the window
 * protected.
 *
 * <p>Bytes resident per KV head after prefill: {@code (min(T, budget) + decoded) * 2 * headDim * bytes(dtype)}.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=snapkv",
        "longscope.description=SnapKV: prompt compression by observation-window attention"})
public final class SnapKvPolicy implements KvCachePolicy {
    public static final String ID = "snapkv";

    private static final List<ParamSpec> PARAMS = List.of(Params.BUDGET, Params.WINDOW, Params.POOL,
            Params.KERNEL, Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        Params.checkWindowed(ID, p);
        int window = Params.integer(p, "window");
        BudgetRule uniform = BudgetRule.uniform(Params.integer(p, "budget") - window);
        return new EvictingCache(ID, geometry, Params.dtype(p),
                new Eviction(Params.windowScorer(geometry, p), uniform, 0, window, 0));
    }
}
