package org.longscope.kv.eviction;

import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.Pooling;
import org.longscope.kv.core.Precision;
import org.longscope.kv.core.TopK;
import org.longscope.kv.core.WindowAttentionScorer;

/**
 * SnapKV-style prompt compression: at the end of prefill, each KV head keeps its observation window
 * plus the {@link #selectedTokens} best earlier tokens by window-attention score. Decoding appends
 * without eviction. SnapKV selects {@code budget - window} in every layer; PyramidKV overrides the
 * per-layer count.
 */
class WindowScoredCache extends ScoredCache {
    protected final int budget;
    protected final int window;

    WindowScoredCache(String method, CacheGeometry geometry, Precision precision, int budget, int window,
            Pooling.Kind pool, int kernel) {
        super(method, geometry, precision, new WindowAttentionScorer(geometry, window, pool, kernel), false);
        this.budget = budget;
        this.window = window;
    }

    /** Earlier (non-window) tokens layer {@code layer} keeps out of {@code prompt - window} candidates. */
    protected int selectedTokens(int layer, int prompt) {
        return budget - window;
    }

    @Override
    protected void onEndPrefill() {
        for (int l = 0; l < geometry.layers(); l++) {
            for (int h = 0; h < geometry.kvHeads(); h++) {
                int size = stores[l][h].size();
                int w = Math.min(window, size);
                int keepEarlier = Math.min(size - w, Math.max(0, selectedTokens(l, size)));
                if (keepEarlier == size - w) {
                    continue;
                }
                float[] scores = new float[size];
                scorer.score(l, h, stores[l][h], kernel(h), scores);
                int[] selected = new int[size];
                TopK.select(scores, size - w, keepEarlier, selected);
                for (int t = 0; t < w; t++) {
                    selected[keepEarlier + t] = size - w + t;
                }
                evict(l, h, selected, keepEarlier + w);
            }
        }
        ((WindowAttentionScorer) scorer).release();
    }
}
