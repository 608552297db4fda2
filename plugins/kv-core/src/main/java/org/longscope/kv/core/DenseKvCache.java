package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;

/**
 * The dense store of a KV cache: one {@link DenseHeadStore} per layer and KV head, attended with the
 * {@link AttentionKernel}. On its own it is the full (uncompressed) cache. Eviction methods do not
 * extend it, they compose it ({@link EvictingCache}) and remove tokens with {@link #evict}, which
 * compacts the store (memory is really freed) and first tells the {@link EvictionListener} (CaliDrop's
 * offload store) what goes.
 *
 * <p>Threading follows {@link KvCache}: {@code attend} for different KV heads of a layer may run
 * concurrently, so every per-head resource (kernel, scratch) is indexed by KV head.
 */
public final class DenseKvCache implements DenseCache {
    private final String method;
    private final CacheGeometry geometry;
    private final DenseHeadStore[][] stores;
    private final KvSpan[][][] spans;
    private final AttentionKernel[] kernels;
    private final int[] appended;
    private long tokensSeen;
    private boolean prefillDone;
    private EvictionListener evictionListener;

    public DenseKvCache(String method, CacheGeometry geometry, Precision precision) {
        this.method = method;
        this.geometry = geometry;
        int layers = geometry.layers();
        int kvHeads = geometry.kvHeads();
        this.stores = new DenseHeadStore[layers][kvHeads];
        this.spans = new KvSpan[layers][kvHeads][];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < kvHeads; h++) {
                stores[l][h] = new DenseHeadStore(precision, geometry.headDim(), geometry.maxTokens());
                spans[l][h] = new KvSpan[] {stores[l][h]};
            }
        }
        this.kernels = new AttentionKernel[kvHeads];
        for (int h = 0; h < kvHeads; h++) {
            kernels[h] = new AttentionKernel(geometry.headDim());
        }
        this.appended = new int[layers];
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    @Override
    public DenseHeadStore store(int layer, int kvHead) {
        return stores[layer][kvHead];
    }

    /** The kernel reserved for one KV head (also for the attention a scorer computes itself). */
    public AttentionKernel kernel(int kvHead) {
        return kernels[kvHead];
    }

    /** Whether {@link #endPrefill()} has been called. */
    public boolean decoding() {
        return prefillDone;
    }

    /** Tokens appended so far. */
    public long tokensSeen() {
        return tokensSeen;
    }

    @Override
    public void setEvictionListener(EvictionListener listener) {
        this.evictionListener = listener;
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        int kvHeads = geometry.kvHeads();
        long rowBytes = geometry.headDim() * 4L;
        long stride = kvHeads * rowBytes;
        for (int h = 0; h < kvHeads; h++) {
            stores[layer][h].append(keys, h * rowBytes, values, h * rowBytes, stride, n);
        }
        appended[layer] = n;
        if (layer == 0) {
            tokensSeen += n;
        }
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        attend(layer, kvHead, n, queries, out, null, null);
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out, float[] lseOut) {
        attend(layer, kvHead, n, queries, out, lseOut, null);
    }

    /** Attention with each query row rewritten by {@code transform} first (null: as given). */
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out, float[] lseOut,
            AttentionKernel.QueryTransform transform) {
        checkAppended(layer, n);
        int group = geometry.groupSize();
        kernels[kvHead].attend(spans[layer][kvHead], 0, queries, out, n, kvHead * group, group,
                geometry.queryHeads(), geometry.attentionScale(), transform, lseOut);
    }

    @Override
    public void endPrefill() {
        if (prefillDone) {
            throw new IllegalStateException("endPrefill called twice");
        }
        prefillDone = true;
    }

    @Override
    public KvStats stats() {
        int[][] kept = new int[geometry.layers()][geometry.kvHeads()];
        long resident = 0;
        for (int l = 0; l < kept.length; l++) {
            for (int h = 0; h < kept[l].length; h++) {
                kept[l][h] = stores[l][h].size();
                resident += stores[l][h].bytesUsed();
            }
        }
        return new KvStats(method, tokensSeen, kept, resident, 0, Map.of());
    }

    @Override
    public void close() {
        for (DenseHeadStore[] layer : stores) {
            for (DenseHeadStore store : layer) {
                store.close();
            }
        }
    }

    /**
     * Keeps only the given ascending slots of one head's store (the first {@code count} entries of
     * {@code keep}); tells the eviction listener first.
     */
    public void evict(int layer, int kvHead, int[] keep, int count) {
        DenseHeadStore store = stores[layer][kvHead];
        if (count == store.size()) {
            return;
        }
        if (evictionListener != null) {
            evictionListener.evicting(layer, kvHead, store, keep, count);
        }
        store.retain(keep, count);
    }

    private void checkAppended(int layer, int n) {
        if (n != appended[layer]) {
            throw new IllegalStateException("attend of " + n + " tokens on layer " + layer
                    + " after an append of " + appended[layer]);
        }
    }
}
