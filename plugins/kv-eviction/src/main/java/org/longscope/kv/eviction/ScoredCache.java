package org.longscope.kv.eviction;

import java.lang.foreign.MemorySegment;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.kv.core.DenseKvCache;
import org.longscope.kv.core.KeyScorer;
import org.longscope.kv.core.Precision;

/** A dense cache that feeds every attention to a {@link KeyScorer} (during prefill, or always). */
abstract class ScoredCache extends DenseKvCache {
    protected final KeyScorer scorer;
    private final boolean observeWhileDecoding;

    ScoredCache(String method, CacheGeometry geometry, Precision precision, KeyScorer scorer,
            boolean observeWhileDecoding) {
        super(method, geometry, precision);
        this.scorer = scorer;
        this.observeWhileDecoding = observeWhileDecoding;
    }

    @Override
    protected boolean wantsLse() {
        return scorer.needsLse() && (!decoding() || observeWhileDecoding);
    }

    @Override
    protected void afterAttend(int layer, int kvHead, int n, MemorySegment queries, float[] rowLse) {
        if (!decoding() || observeWhileDecoding) {
            scorer.observe(layer, kvHead, n, kernel(kvHead).lastQueries(), rowLse, stores[layer][kvHead],
                    kernel(kvHead));
        }
    }

    @Override
    protected void onRetain(int layer, int kvHead, int[] keep, int count) {
        scorer.onRetain(layer, kvHead, keep, count);
    }
}
