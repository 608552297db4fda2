package org.longscope.api.kv;

import java.lang.foreign.MemorySegment;

/**
 * The KV cache of one sequence: it stores keys and values of every layer and computes attention
 * over what it keeps, so a method can evict, calibrate or quantize without the model knowing.
 *
 * <p>Tensors are off-heap {@code float} (fp32, native byte order) {@link MemorySegment}s laid out
 * row-major:
 * <ul>
 *   <li>keys and values of {@code n} tokens: {@code [n][kvHeads][headDim]}; keys already rotated
 *       (RoPE applied at their absolute positions);</li>
 *   <li>queries and attention output of {@code n} tokens: {@code [n][queryHeads][headDim]}; query head
 *       {@code h} belongs to KV head {@code h / (queryHeads / kvHeads)}.</li>
 * </ul>
 *
 * <p>Protocol for each layer: {@link #append} of n tokens, then {@link #attend} for those same n
 * tokens (causal among them, each seeing everything kept before it). Prefill may come in several
 * chunks; {@link #endPrefill()} is called once after the whole prompt (prefill-time compression
 * happens there); then decoding appends and attends one token at a time.
 *
 * <p>Threading: calls for one sequence come from one thread at a time, except that {@code attend}
 * for different {@code kvHead}s of the same layer may run concurrently. Implementations allocate
 * nothing per token on the decode path.
 */
public interface KvCache extends AutoCloseable {

    CacheGeometry geometry();

    /**
     * Stores the keys and values of {@code n} new tokens of {@code layer}.
     *
     * @param position absolute position of the first of the n tokens
     */
    void append(int layer, int position, int n, MemorySegment keys, MemorySegment values);

    /**
     * Attention of the n tokens of the last {@code append} on {@code layer}, for the query heads of
     * one KV head's group: reads those heads' rows of {@code queries}, writes the same rows of
     * {@code out}. Scores are scaled by {@link CacheGeometry#attentionScale()}.
     */
    void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out);

    /** Called once when the whole prompt has been appended and attended, before decoding. */
    void endPrefill();

    /** Tokens kept, bytes resident and offloaded, and method counters, now. */
    KvStats stats();

    /** Releases the cache's memory. */
    @Override
    void close();
}
