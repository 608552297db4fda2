package org.longscope.kv.eviction;

import java.lang.foreign.MemorySegment;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.EvictingCache;
import org.longscope.kv.core.EvictionListener;
import org.longscope.kv.core.Rotary;

/**
 * StreamingLLM with positions inside the cache: a key's rotation is that of its slot, not of its
 * absolute position, and a query is rotated to its own slot. Stored keys are kept rotated at their
 * slot (equivalent to storing them before RoPE and rotating at use, computed incrementally): an
 * incoming key is moved from its absolute position to its slot, and when the cache drops the block of
 * tokens after the sinks, the keys behind it are rotated back by the block's length.
 */
final class SlotRotatedCache implements DenseCache {
    private final EvictingCache cache;
    private final CacheGeometry geometry;
    private final int sinks;
    /** Per layer: slot minus absolute position of the last appended tokens. */
    private final int[] appendShift;
    /** One per KV head for query rows (attend runs per head concurrently), one more for stored keys. */
    private final Rotary[] rotaries;
    private final AttentionKernel.QueryTransform[] transforms;
    private final int[] sizes;
    private final float[] row;

    SlotRotatedCache(EvictingCache cache, int sinks) {
        this.cache = cache;
        this.geometry = cache.geometry();
        this.sinks = sinks;
        int kvHeads = geometry.kvHeads();
        this.appendShift = new int[geometry.layers()];
        this.rotaries = new Rotary[kvHeads + 1];
        for (int h = 0; h <= kvHeads; h++) {
            rotaries[h] = new Rotary(geometry.rope(), geometry.headDim());
        }
        this.transforms = new AttentionKernel.QueryTransform[geometry.layers() * kvHeads];
        for (int l = 0; l < geometry.layers(); l++) {
            for (int h = 0; h < kvHeads; h++) {
                int layer = l;
                Rotary rotary = rotaries[h];
                transforms[l * kvHeads + h] = (q, offset, token) -> rotary.rotate(q, offset, appendShift[layer]);
            }
        }
        this.sizes = new int[geometry.layers() * kvHeads];
        this.row = new float[geometry.headDim()];
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        rememberSizes(layer);
        cache.append(layer, position, n, keys, values);
        int kept = rotateShifted(layer, n);
        appendShift[layer] = kept - position;
        if (appendShift[layer] == 0) {
            return;
        }
        Rotary rotary = rotaries[geometry.kvHeads()];
        for (int h = 0; h < geometry.kvHeads(); h++) {
            DenseHeadStore store = cache.store(layer, h);
            for (int slot = store.size() - n; slot < store.size(); slot++) {
                rotate(store, slot, rotary, appendShift[layer]);
            }
        }
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        attend(layer, kvHead, n, queries, out, null);
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out, float[] lseOut) {
        cache.attend(layer, kvHead, n, queries, out, lseOut, transforms[layer * geometry.kvHeads() + kvHead]);
    }

    @Override
    public void endPrefill() {
        for (int l = 0; l < geometry.layers(); l++) {
            rememberSizes(l);
        }
        cache.endPrefill();
        for (int l = 0; l < geometry.layers(); l++) {
            rotateShifted(l, 0);
        }
    }

    private void rememberSizes(int layer) {
        for (int h = 0; h < geometry.kvHeads(); h++) {
            sizes[layer * geometry.kvHeads() + h] = cache.store(layer, h).size();
        }
    }

    /**
     * After the cache dropped tokens of {@code layer} and appended n: rotates the keys that moved down
     * back by the number dropped; returns the old tokens head 0 kept.
     */
    private int rotateShifted(int layer, int n) {
        Rotary rotary = rotaries[geometry.kvHeads()];
        int keptOfHead0 = 0;
        for (int h = 0; h < geometry.kvHeads(); h++) {
            DenseHeadStore store = cache.store(layer, h);
            int kept = store.size() - n;
            int dropped = sizes[layer * geometry.kvHeads() + h] - kept;
            for (int slot = sinks; dropped > 0 && slot < kept; slot++) {
                rotate(store, slot, rotary, -dropped);
            }
            if (h == 0) {
                keptOfHead0 = kept;
            }
        }
        return keptOfHead0;
    }

    private void rotate(DenseHeadStore store, int slot, Rotary rotary, int shift) {
        store.readKey(slot, row, 0);
        rotary.rotate(row, 0, shift);
        store.writeKey(slot, row, 0);
    }

    @Override
    public DenseHeadStore store(int layer, int kvHead) {
        return cache.store(layer, kvHead);
    }

    @Override
    public void setEvictionListener(EvictionListener listener) {
        cache.setEvictionListener(listener);
    }

    @Override
    public KvStats stats() {
        return cache.stats();
    }

    @Override
    public void close() {
        cache.close();
    }
}
