package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import org.longscope.api.kv.KvCache;

/**
 * A KV cache whose tokens live in one {@link DenseHeadStore} per layer and KV head: the full cache
 * and every eviction method composed with {@link EvictingCache}. This is what a wrapper needs from the
 * cache it decorates (CaliDrop: each row's log-sum-exp and the tokens that are evicted), and what
 * tests read back.
 */
public interface DenseCache extends KvCache {

    /** The store of one layer and KV head. */
    DenseHeadStore store(int layer, int kvHead);

    /**
     * Attention as in {@link #attend(int, int, int, MemorySegment, MemorySegment)}, also writing the
     * log-sum-exp of row (token i, group head g) at {@code i * groupSize + g} of {@code lseOut} when it
     * is not null.
     */
    void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out, float[] lseOut);

    /** Sets who is told about evicted tokens (at most one). */
    void setEvictionListener(EvictionListener listener);
}
