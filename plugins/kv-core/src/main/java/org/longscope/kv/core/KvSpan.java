package org.longscope.kv.core;

/**
 * A run of stored tokens of one KV head that attention reads: a dense store, a quantized store, a
 * pool of full-precision outliers. The {@link AttentionKernel} walks spans block by block and never
 * asks for more than {@link AttentionKernel#BLOCK} tokens at a time, so a span can fold its
 * dequantization (scale and minimum) into the query and the weights instead of materializing keys
 * or values.
 *
 * <p>Layouts: {@code queries} and {@code acc} hold {@code rows} rows of {@code headDim} floats;
 * {@code scores} and {@code weights} hold {@code rows} rows of {@link AttentionKernel#BLOCK} floats,
 * entry {@code t - from} of a row belonging to token {@code t}.
 */
public interface KvSpan {

    /** Tokens in this span. */
    int size();

    /**
     * Writes the raw dot products {@code q . k_t} of every row with every token {@code t} in
     * {@code [from, to)}; a token this span masks gets {@code -Infinity}.
     */
    void keyScores(float[] queries, int rows, int from, int to, float[] scores);

    /** Adds {@code sum_t weights[r][t - from] * v_t} to row {@code r} of {@code acc}, for t in [from, to). */
    void accumulateValues(float[] weights, int rows, int from, int to, float[] acc);
}
