package org.longscope.kv.core;

/**
 * Scores the tokens of one KV head for eviction, in the manner of kvpress's scorer presses: it
 * watches attention as the cache computes it ({@link #observe}) and ranks the stored tokens when
 * asked ({@link #score}); higher means more worth keeping. State is per layer and KV head, so
 * different KV heads of a layer may be observed concurrently. {@link EvictingCache} scores every head
 * of a layer before any of them evicts, so a score may combine the heads of a layer (TOVA).
 */
public interface KeyScorer {

    /** Whether {@link #observe} needs each row's log-sum-exp. */
    boolean needsLse();

    /**
     * After attention of n new tokens on (layer, kvHead).
     *
     * @param queries the rows just attended, {@code [n][groupSize][headDim]}, unscaled
     * @param lse     their log-sum-exp at {@code i * groupSize + g}, when {@link #needsLse()}
     */
    void observe(int layer, int kvHead, int n, float[] queries, float[] lse, DenseHeadStore store,
            AttentionKernel kernel);

    /**
     * Scores of the store's tokens {@code [0, size)} into {@code out}; tokens the scorer always keeps
     * (an observation window) get {@code +Infinity}.
     */
    void score(int layer, int kvHead, DenseHeadStore store, AttentionKernel kernel, float[] out);

    /** The store of (layer, kvHead) is about to keep only {@code keep[0, count)}: follow it. */
    void onRetain(int layer, int kvHead, int[] keep, int count);

    /**
     * The end-of-prefill compression is done; state only it needed may go. A scorer of a method that
     * also evicts while decoding keeps what decoding needs.
     */
    default void prefillCompressed() {
    }
}
