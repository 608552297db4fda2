package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.osgi.service.component.annotations.Component;

/**
 * L2Compress (Devoto et al., 2024, "A Simple and Effective L2 Norm-Based Strategy for KV Cache
 * Compression"): at the end of prefill each KV head keeps the {@code budget - sinks - window} tokens
 * whose keys have the lowest L2 norm ({@link L2NormScorer}), plus its first {@code sinks} and last
 * {@code window} tokens (both 0 by default, as kvpress's KnormPress). Decoding appends without
 * eviction. Composition: the key-norm scorer, a uniform budget, the protected windows.
 *
 * <p>Bytes resident per KV head after prefill: {@code (min(T, budget) + decoded) * 2 * headDim * bytes(dtype)}.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=l2norm",
        "longscope.description=L2Compress: keep the keys with the lowest L2 norm"})
public final class L2NormPolicy implements KvCachePolicy {
    public static final String ID = "l2norm";

    private static final List<ParamSpec> PARAMS = List.of(Params.BUDGET,
            ParamSpec.integer("sinks", 0, 0, 1 << 16, "first tokens always kept"),
            ParamSpec.integer("window", 0, 0, 1 << 16, "last prompt tokens always kept"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        int budget = Params.integer(p, "budget");
        int sinks = Params.integer(p, "sinks");
        int window = Params.integer(p, "window");
        if (sinks + window > budget) {
            throw new InvalidInputException(ID + ".window", "expected sinks + window <= budget = " + budget
                    + ", got " + sinks + " + " + window);
        }
        return new EvictingCache(ID, geometry, Params.dtype(p), new Eviction(new L2NormScorer(geometry.headDim()),
                BudgetRule.uniform(budget - sinks - window), sinks, window, 0));
    }
}
