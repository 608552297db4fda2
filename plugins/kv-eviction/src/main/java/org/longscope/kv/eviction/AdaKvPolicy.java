package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.AccumulatedAttention;
import org.longscope.kv.core.KeyScorer;
import org.longscope.kv.core.Pooling;
import org.longscope.kv.core.TopK;
import org.longscope.kv.core.WindowAttentionScorer;
import org.osgi.service.component.annotations.Component;

/**
 * Ada-KV (Feng et al., 2024): adaptive budget allocation across the KV heads of a layer over any
 * scorer ({@code scorer}: {@code snapkv}, the observation-window scorer, default; or {@code h2o},
 * accumulated attention over the prompt). At the end of prefill, per layer with H KV heads and
 * {@code B = budget - window}: each head first gets its own top {@code floor(alpha * B)} tokens (the
 * safeguard floor, {@code alpha} 0.2); the rest of the layer's {@code H * B} is filled with the
 * highest scores over all heads together, so heads whose attention is concentrated give budget to
 * heads whose attention is spread. Every head also keeps its last {@code window} tokens. Heads end
 * up with different token counts and the evicted tokens are really removed from their stores.
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
                : new WindowAttentionScorer(geometry, window, Params.pool(p), Params.integer(p, "kernel"));
        return new Cache(geometry, p, scorer, Params.integer(p, "budget"), window, (Double) p.get("alpha"));
    }

    static final class Cache extends ScoredCache {
        private final int budget;
        private final int window;
        private final double alpha;

        Cache(CacheGeometry geometry, Map<String, Object> p, KeyScorer scorer, int budget, int window,
                double alpha) {
            super(ID, geometry, Params.dtype(p), scorer, false);
            this.budget = budget;
            this.window = window;
            this.alpha = alpha;
        }

        @Override
        protected void onEndPrefill() {
            for (int l = 0; l < geometry.layers(); l++) {
                compressLayer(l);
            }
            if (scorer instanceof WindowAttentionScorer windowScorer) {
                windowScorer.release();
            }
        }

        private void compressLayer(int layer) {
            int heads = geometry.kvHeads();
            int size = stores[layer][0].size();
            int w = Math.min(window, size);
            int candidates = size - w;
            int perHead = budget - window;
            if (candidates <= perHead) {
                return;
            }
            float[][] scores = new float[heads][size];
            boolean[][] chosen = new boolean[heads][candidates];
            int floor = (int) Math.floor(alpha * perHead);
            int[] selected = new int[size];
            for (int h = 0; h < heads; h++) {
                scorer.score(layer, h, stores[layer][h], kernel(h), scores[h]);
                TopK.select(scores[h], candidates, floor, selected);
                for (int i = 0; i < floor; i++) {
                    chosen[h][selected[i]] = true;
                }
            }
            // the rest of the layer's budget goes to the best remaining scores of all heads together
            int open = heads * (candidates - floor);
            float[] pooled = new float[open];
            int[] owner = new int[open];
            int k = 0;
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < candidates; t++) {
                    if (!chosen[h][t]) {
                        pooled[k] = scores[h][t];
                        owner[k++] = h * candidates + t;
                    }
                }
            }
            int shared = heads * (perHead - floor);
            int[] winners = new int[open];
            TopK.select(pooled, open, shared, winners);
            for (int i = 0; i < shared; i++) {
                int flat = owner[winners[i]];
                chosen[flat / candidates][flat % candidates] = true;
            }
            for (int h = 0; h < heads; h++) {
                int count = 0;
                for (int t = 0; t < candidates; t++) {
                    if (chosen[h][t]) {
                        selected[count++] = t;
                    }
                }
                for (int t = candidates; t < size; t++) {
                    selected[count++] = t;
                }
                evict(layer, h, selected, count);
            }
        }
    }
}
