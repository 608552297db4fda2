package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvStats;

/**
 * A dense store driven by an {@link Eviction}: the scorer watches attention (during prefill, and while
 * decoding when the method evicts then), the budget rule splits the budget at the end of prefill, and
 * {@link TokenSelection} picks the tokens. Every head of a layer is scored before any of them evicts.
 *
 * <p>Threading follows {@link org.longscope.api.kv.KvCache}: per-head scratch is indexed by KV head;
 * {@code append} and {@code endPrefill} run alone.
 */
public final class EvictingCache implements DenseCache {
    private final DenseKvCache dense;
    private final CacheGeometry geometry;
    private final KeyScorer scorer;
    private final BudgetRule budget;
    private final int sinks;
    private final int recent;
    private final int capacity;
    private final float[][] lse;
    /** Decode-step scratch: kept slots, and the scores of every head of a layer. */
    private final int[] keep;
    private final float[][] stepScores;

    public EvictingCache(String method, CacheGeometry geometry, Precision precision, Eviction eviction) {
        this.dense = new DenseKvCache(method, geometry, precision);
        this.geometry = geometry;
        this.scorer = eviction.scorer();
        this.budget = eviction.budget();
        this.sinks = eviction.sinks();
        this.recent = eviction.recent();
        this.capacity = eviction.capacity();
        this.lse = new float[geometry.kvHeads()][geometry.groupSize()];
        this.keep = new int[capacity + 1];
        this.stepScores = new float[geometry.kvHeads()][capacity + 1];
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    @Override
    public DenseHeadStore store(int layer, int kvHead) {
        return dense.store(layer, kvHead);
    }

    @Override
    public void setEvictionListener(EvictionListener listener) {
        dense.setEvictionListener(listener);
    }

    /** Whether the prompt is in. */
    public boolean decoding() {
        return dense.decoding();
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        if (capacity > 0 && dense.decoding()) {
            makeRoom(layer, n);
        }
        dense.append(layer, position, n, keys, values);
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
        boolean observing = scorer != null && (!dense.decoding() || capacity > 0);
        float[] rowLse = lseOut;
        if (rowLse == null && observing && scorer.needsLse()) {
            if (lse[kvHead].length < n * geometry.groupSize()) {
                lse[kvHead] = new float[n * geometry.groupSize()];
            }
            rowLse = lse[kvHead];
        }
        dense.attend(layer, kvHead, n, queries, out, rowLse, transform);
        if (observing) {
            AttentionKernel kernel = dense.kernel(kvHead);
            scorer.observe(layer, kvHead, n, kernel.lastQueries(), rowLse, dense.store(layer, kvHead), kernel);
        }
    }

    @Override
    public void endPrefill() {
        dense.endPrefill();
        int prompt = dense.store(0, 0).size();
        int kept = Math.min(recent, prompt);
        int first = Math.min(sinks, prompt - kept);
        int candidates = prompt - kept - first;
        if (candidates > 0) {
            compress(prompt, first, kept, candidates);
        }
        if (scorer != null) {
            scorer.prefillCompressed();
        }
    }

    /** End-of-prefill compression: the rule's counts, then per head the shared selection. */
    private void compress(int prompt, int first, int kept, int candidates) {
        int layers = geometry.layers();
        int heads = geometry.kvHeads();
        float[][][] memo = new float[layers][heads][];
        BudgetRule.Scores scores = (l, h) -> memo[l][h] != null ? memo[l][h] : (memo[l][h] = score(l, h, prompt));
        int[][] counts = new int[layers][heads];
        budget.allocate(prompt, first, candidates, scores, counts);
        int[] slots = new int[prompt];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                int k = counts[l][h];
                if (k < 0 || k > candidates) {
                    throw new IllegalStateException("budget rule kept " + k + " of " + candidates + " candidates");
                }
                if (k > 0 && k < candidates) {
                    scores.of(l, h); // a layer is scored in full before any of its heads evicts
                }
            }
            for (int h = 0; h < heads; h++) {
                int count = TokenSelection.keep(memo[l][h], prompt, first, kept, counts[l][h], slots);
                evict(l, h, slots, count);
            }
            memo[l] = null;
        }
    }

    /** Before n tokens are appended while decoding: every head of the layer down to capacity - n. */
    private void makeRoom(int layer, int n) {
        int heads = geometry.kvHeads();
        int target = Math.max(0, capacity - n);
        int recentKept = Math.min(Math.max(0, target - sinks), Math.max(0, recent - n));
        boolean scored = false;
        for (int h = 0; h < heads; h++) {
            int size = dense.store(layer, h).size();
            if (size <= target) {
                continue;
            }
            int first = Math.min(sinks, size - recentKept);
            int k = Math.max(0, target - first - recentKept);
            if (!scored && k > 0) {
                for (int g = 0; g < heads; g++) {
                    int gSize = dense.store(layer, g).size();
                    if (stepScores[g].length < gSize) {
                        stepScores[g] = new float[gSize];
                    }
                    scorer.score(layer, g, dense.store(layer, g), dense.kernel(g), stepScores[g]);
                }
                scored = true;
            }
            int[] slots = size <= keep.length ? keep : new int[size];
            int count = TokenSelection.keep(stepScores[h], size, first, recentKept, k, slots);
            evict(layer, h, slots, count);
        }
    }

    private float[] score(int layer, int kvHead, int size) {
        float[] out = new float[size];
        scorer.score(layer, kvHead, dense.store(layer, kvHead), dense.kernel(kvHead), out);
        return out;
    }

    private void evict(int layer, int kvHead, int[] slots, int count) {
        if (count == dense.store(layer, kvHead).size()) {
            return;
        }
        if (scorer != null) {
            scorer.onRetain(layer, kvHead, slots, count);
        }
        dense.evict(layer, kvHead, slots, count);
    }

    @Override
    public KvStats stats() {
        return dense.stats();
    }

    @Override
    public void close() {
        dense.close();
    }
}
