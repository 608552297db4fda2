package org.longscope.kv.core;

/** Told about tokens just before a cache removes them from a head's store (CaliDrop's offload store). */
@FunctionalInterface
public interface EvictionListener {
    /**
     * @param store the head's store, still holding every token
     * @param kept  ascending slots that stay (the first {@code keptCount} entries); all others go
     */
    void evicting(int layer, int kvHead, DenseHeadStore store, int[] kept, int keptCount);
}
