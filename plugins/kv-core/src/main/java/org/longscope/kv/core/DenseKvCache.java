package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;

/**
 * A KV cache over one {@link DenseHeadStore} per layer and KV head, with attention by the
 * {@link AttentionKernel}. On its own it is the full (uncompressed) cache; eviction methods extend it
 * through the hooks {@link #beforeAppend}, {@link #afterAttend} and {@link #onEndPrefill}, and remove
 * tokens with {@link #evict}, which compacts the store (memory is really freed) and first tells an
 * {@link EvictionListener} (CaliDrop's offload store) what goes.
 *
 * <p>Threading follows {@link KvCache}: {@code attend} for different KV heads of a layer may run
 * concurrently, so every per-head resource (kernel, scratch, scorer state) is indexed by KV head.
 */
public class DenseKvCache implements KvCache {

    /** Told about tokens just before {@link #evict} removes them from a head's store. */
    @FunctionalInterface
    public interface EvictionListener {
        /**
         * @param store  the head's store, still holding every token
         * @param kept   ascending slots that stay (the first {@code keptCount} entries); all others go
         */
        void evicting(int layer, int kvHead, DenseHeadStore store, int[] kept, int keptCount);
    }

    protected final String method;
    protected final CacheGeometry geometry;
    protected final DenseHeadStore[][] stores;
    private final KvSpan[][][] spans;
    private final AttentionKernel[] kernels;
    private final float[][] lse;
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
        this.lse = new float[kvHeads][];
        for (int h = 0; h < kvHeads; h++) {
            kernels[h] = new AttentionKernel(geometry.headDim());
            lse[h] = new float[geometry.groupSize()];
        }
        this.appended = new int[layers];
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    /** The store of one layer and KV head. */
    public DenseHeadStore store(int layer, int kvHead) {
        return stores[layer][kvHead];
    }

    /** The kernel reserved for one KV head (for attention a subclass or wrapper computes itself). */
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

    /** Sets who is told about evicted tokens (at most one). */
    public void setEvictionListener(EvictionListener listener) {
        this.evictionListener = listener;
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        beforeAppend(layer, position, n);
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
        afterAppend(layer, position, n);
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        attend(layer, kvHead, n, queries, out, null);
    }

    /**
     * Attention as in {@link #attend(int, int, int, MemorySegment, MemorySegment)}, also writing the
     * log-sum-exp of row (token i, group head g) at {@code i * groupSize + g} of {@code lseOut}
     * when it is not null.
     */
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out, float[] lseOut) {
        checkAppended(layer, n);
        int group = geometry.groupSize();
        float[] rowLse = lseOut;
        if (rowLse == null && wantsLse()) {
            if (lse[kvHead].length < n * group) {
                lse[kvHead] = new float[n * group];
            }
            rowLse = lse[kvHead];
        }
        kernels[kvHead].attend(spans[layer][kvHead], 0, queries, out, n, kvHead * group, group,
                geometry.queryHeads(), geometry.attentionScale(), queryTransform(layer, kvHead), rowLse);
        afterAttend(layer, kvHead, n, queries, rowLse);
    }

    @Override
    public void endPrefill() {
        if (prefillDone) {
            throw new IllegalStateException("endPrefill called twice");
        }
        prefillDone = true;
        onEndPrefill();
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
        return new KvStats(method, tokensSeen, kept, resident + extraResidentBytes(), offloadedBytes(), counters());
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
     * {@code keep}); tells the eviction listener first, then {@link #onRetain} so per-slot state can
     * follow.
     */
    protected void evict(int layer, int kvHead, int[] keep, int count) {
        DenseHeadStore store = stores[layer][kvHead];
        if (count == store.size()) {
            return;
        }
        if (evictionListener != null) {
            evictionListener.evicting(layer, kvHead, store, keep, count);
        }
        onRetain(layer, kvHead, keep, count);
        store.retain(keep, count);
    }

    /** Before n tokens are appended to {@code layer} (decode-time eviction makes room here). */
    protected void beforeAppend(int layer, int position, int n) {
    }

    /** After n tokens were appended to {@code layer}. */
    protected void afterAppend(int layer, int position, int n) {
    }

    /** After attention of n tokens; {@code rowLse} is non-null when {@link #wantsLse()}. */
    protected void afterAttend(int layer, int kvHead, int n, MemorySegment queries, float[] rowLse) {
    }

    /** Whether {@link #afterAttend} needs each row's log-sum-exp. */
    protected boolean wantsLse() {
        return false;
    }

    /** Once the whole prompt is in (prefill-time compression). */
    protected void onEndPrefill() {
    }

    /** Just before a head's store keeps only {@code keep[0..count)}: move per-slot state along. */
    protected void onRetain(int layer, int kvHead, int[] keep, int count) {
    }

    /** A rewrite of query rows before attention, or null. */
    protected AttentionKernel.QueryTransform queryTransform(int layer, int kvHead) {
        return null;
    }

    /** Resident bytes beyond the stores' keys and values (scorer state is not counted: it is not KV). */
    protected long extraResidentBytes() {
        return 0;
    }

    /** Bytes moved out of the attended cache. */
    protected long offloadedBytes() {
        return 0;
    }

    /** Method counters reported in {@link KvStats#counters()}. */
    protected Map<String, Long> counters() {
        return Map.of();
    }

    private void checkAppended(int layer, int n) {
        if (n != appended[layer]) {
            throw new IllegalStateException("attend of " + n + " tokens on layer " + layer
                    + " after an append of " + appended[layer]);
        }
    }
}
