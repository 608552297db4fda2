package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.osgi.service.component.annotations.Component;

/**
 * CAKE, cascading and adaptive KV cache eviction (Qin et al., 2025): at the end of prefill each layer
 * gets a share of the total {@code L (budget - window)} from its attention's entropy and variance
 * ({@link CakeBudget}) and keeps, in every KV head, that many earlier tokens by CAKE's eviction
 * indicator ({@link CakeScorer}) plus the window. Decoding appends without eviction. Composition: the
 * indicator as scorer, the preference budget as rule, the window protected.
 *
 * <p>Bytes resident: the sum over layers of {@code (keep_l + W + decoded) * 2 * headDim * bytes(dtype)}
 * per KV head, the same total as SnapKV.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=cake",
        "longscope.description=CAKE: layer budgets from attention entropy and variance"})
public final class CakePolicy implements KvCachePolicy {
    public static final String ID = "cake";

    private static final List<ParamSpec> PARAMS = List.of(Params.BUDGET,
            ParamSpec.integer("window", 32, 2, 1 << 16, "W: observation window (at least 2 rows for a variance)"),
            Params.KERNEL,
            ParamSpec.decimal("tau1", 1.0, 0.01, 100.0, "temperature of the entropy in the layer preference"),
            ParamSpec.decimal("tau2", 1.0, 0.01, 100.0, "temperature of the variance in the layer preference"),
            ParamSpec.decimal("gamma", 200.0, 0.0, 1e6, "weight of the attention variance in the indicator"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        int budget = Params.integer(p, "budget");
        int window = Params.integer(p, "window");
        if (window >= budget) {
            throw new InvalidInputException(ID + ".window", "expected an integer in [2, budget - 1] = [2, "
                    + (budget - 1) + "], got " + window);
        }
        int kernel = Params.integer(p, "kernel");
        if (kernel % 2 == 0) {
            throw new InvalidInputException(ID + ".kernel", "expected an odd integer in [1, 255], got " + kernel);
        }
        CakeScorer scorer = new CakeScorer(geometry, window, kernel, (Double) p.get("gamma"));
        CakeBudget rule = new CakeBudget(budget - window, (Double) p.get("tau1"), (Double) p.get("tau2"), scorer);
        return new EvictingCache(ID, geometry, Params.dtype(p), new Eviction(scorer, rule, 0, window, 0));
    }
}
