package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.TopK;
import org.osgi.service.component.annotations.Component;

/**
 * H2O, heavy-hitter oracle (Zhang et al., 2023): every key's attention probability is accumulated
 * over all query rows that saw it (each prompt query, then each decode step), summed over the query
 * heads of its KV group ({@link AccumulatedAttention}). The cache keeps the {@code heavy} keys with
 * the highest accumulated score plus the {@code budget - heavy} newest. It evicts at the end of
 * prefill and, while decoding, before a new token is appended whenever the cache would exceed the
 * budget (the lowest-scoring key outside the recent window goes), so it never holds more than
 * {@code budget} tokens per head once decoding runs.
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
        return new Cache(geometry, p, budget, heavy);
    }

    static final class Cache extends ScoredCache {
        private final int budget;
        private final int heavy;
        private final int recent;
        private final int[] keep;

        Cache(CacheGeometry geometry, Map<String, Object> p, int budget, int heavy) {
            super(ID, geometry, Params.dtype(p), new AccumulatedAttention(geometry), true);
            this.budget = budget;
            this.heavy = heavy;
            this.recent = budget - heavy;
            this.keep = new int[budget + 1];
        }

        private AccumulatedAttention accumulated() {
            return (AccumulatedAttention) scorer;
        }

        @Override
        protected void onEndPrefill() {
            for (int l = 0; l < geometry.layers(); l++) {
                for (int h = 0; h < geometry.kvHeads(); h++) {
                    int size = stores[l][h].size();
                    if (size <= budget) {
                        continue;
                    }
                    int candidates = size - recent;
                    int[] selected = new int[size];
                    TopK.select(accumulated().scores(l, h), candidates, heavy, selected);
                    for (int t = 0; t < recent; t++) {
                        selected[heavy + t] = candidates + t;
                    }
                    evict(l, h, selected, budget);
                }
            }
        }

        @Override
        protected void beforeAppend(int layer, int position, int n) {
            if (!decoding()) {
                return;
            }
            for (int h = 0; h < geometry.kvHeads(); h++) {
                DenseHeadStore store = stores[layer][h];
                int size = store.size();
                int target = Math.max(0, budget - n);
                if (size <= target) {
                    continue;
                }
                int protectedRecent = Math.min(target, Math.max(0, recent - n));
                int candidates = size - protectedRecent;
                int keepCandidates = target - protectedRecent;
                float[] scores = accumulated().scores(layer, h);
                if (keepCandidates == candidates - 1) {
                    // the usual decode step: drop the single lowest-scoring candidate, no allocation
                    int lowest = 0;
                    for (int t = 1; t < candidates; t++) {
                        if (scores[t] < scores[lowest]) {
                            lowest = t;
                        }
                    }
                    int count = 0;
                    for (int t = 0; t < size; t++) {
                        if (t != lowest) {
                            keep[count++] = t;
                        }
                    }
                    evict(layer, h, keep, count);
                } else {
                    int[] selected = new int[size];
                    TopK.select(scores, candidates, keepCandidates, selected);
                    for (int t = 0; t < protectedRecent; t++) {
                        selected[keepCandidates + t] = candidates + t;
                    }
                    evict(layer, h, selected, target);
                }
            }
        }
    }
}
