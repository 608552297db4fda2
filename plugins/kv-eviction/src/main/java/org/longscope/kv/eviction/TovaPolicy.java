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
 * TOVA, token omission via attention (Oren et al., 2024, "Transformers are Multi-State RNNs"): the
 * cache holds {@code budget} tokens; at the end of prefill the last prompt query's attention,
 * averaged over the layer's heads ({@link TovaScorer}), picks them; at every decode step the new token
 * joins (the step attends {@code budget + 1}) and before the next one the token the step's query
 * attended least goes, the new token included. No window is protected, as in TOVA's own cache.
 * Composition: the last-query scorer, a uniform budget, capacity {@code budget + 1} while decoding.
 *
 * <p>Bytes resident per KV head: {@code min(tokens, budget + 1) * 2 * headDim * bytes(dtype)} while decoding.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=tova",
        "longscope.description=TOVA: evict by the last query's attention averaged over heads"})
public final class TovaPolicy implements KvCachePolicy {
    public static final String ID = "tova";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("budget", 1024, 1, 1 << 24, "C: tokens kept per KV head between decode steps"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        int budget = Params.integer(p, "budget");
        return new EvictingCache(ID, geometry, Params.dtype(p),
                new Eviction(new TovaScorer(geometry), BudgetRule.uniform(budget), 0, 0, budget + 1));
    }
}
