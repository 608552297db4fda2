package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.KeyScorer;
import org.osgi.service.component.annotations.Component;

/**
 * H2O, heavy-hitter oracle (Zhang et al., 2023): every key's attention probability is accumulated
 * over all query rows that saw it (each prompt query, then each decode step), summed over the query
 * heads of its KV group ({@link AccumulatedAttention}). The cache keeps the {@code heavy} keys with
 * the highest accumulated score plus the {@code budget - heavy} newest. It evicts at the end of
 * prefill and, while decoding, before a new token is appended whenever the cache would exceed the
 * budget (the lowest-scoring key outside the recent window goes), so it never holds more than
 * {@code budget} tokens per head once decoding runs. Composition: accumulated attention, a uniform
 * budget of {@code heavy}, the recent window protected, capacity {@code budget} while decoding.
 *
 * <p>Bytes resident per KV head: {@code min(tokens, budget) * 2 * headDim * bytes(dtype)} (the score
 * array, one float per kept token, is bookkeeping and not counted).
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=h2o",
        "longscope.description=H2O: heavy hitters by accumulated attention plus recent tokens"})
public final class H2oPolicy implements KvCachePolicy {
    public static final String ID = "h2o";

    private static final List<ParamSpec> PARAMS = List.of(
            Params.BUDGET,
            new ParamSpec("heavy", ParamSpec.Type.INT, null, 0.0, (double) (1 << 24), List.of(),
                    "heavy hitters kept by score (default budget/2); the rest of the budget is recent tokens"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        int budget = Params.integer(p, "budget");
        int heavy = p.get("heavy") == null ? budget / 2 : Params.integer(p, "heavy");
        if (heavy > budget) {
            throw new InvalidInputException(ID + ".heavy", "expected an integer in [0, budget] = [0, " + budget
                    + "], got " + heavy);
        }
        return new EvictingCache(ID, geometry, Params.dtype(p), eviction(new AccumulatedAttention(geometry), budget, heavy));
    }

    /** H2O's composition over a scorer (accumulated attention in the method itself). */
    static Eviction eviction(KeyScorer scorer, int budget, int heavy) {
        return new Eviction(scorer, BudgetRule.uniform(heavy), 0, budget - heavy, budget);
    }
}
