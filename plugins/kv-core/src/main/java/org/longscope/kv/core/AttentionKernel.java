package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blockwise online-softmax attention (the FlashAttention recurrence) over one or more
 * {@link KvSpan}s. Keys are visited {@link #BLOCK} at a time for a tile of query rows; each row keeps
 * its running maximum, normalizer and output, so no T x T score matrix is ever formed. One span may
 * be causal: it ends with the n new tokens, and new token i sees only its first {@code size - n + i + 1}
 * tokens. The other spans are seen whole by every row. All spans share one softmax.
 *
 * <p>Queries are token-major rows {@code [n][heads][headDim]}. Optionally writes the log-sum-exp of
 * every row's scores (CaliDrop's merge and the probability pass of scorers need it) and can add
 * each key's attention probabilities to per-head sums ({@link #addProbabilities}).
 *
 * <p>One kernel instance per thread: it owns its scratch buffers and allocates only when a call
 * needs more rows than any call before.
 */
public final class AttentionKernel {
    /** Tokens per key block. */
    public static final int BLOCK = 64;
    /** Query rows processed together against each key block. */
    static final int TILE_ROWS = 32;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final int headDim;
    private final float[] tileQueries;
    private final float[] tileAcc;
    private final float[] tileMax = new float[TILE_ROWS];
    private final float[] tileSum = new float[TILE_ROWS];
    private final float[] scores = new float[TILE_ROWS * BLOCK];
    private float[] staged = new float[0];
    private float[] stagedOut = new float[0];

    public AttentionKernel(int headDim) {
        this.headDim = headDim;
        this.tileQueries = new float[TILE_ROWS * headDim];
        this.tileAcc = new float[TILE_ROWS * headDim];
    }

    /** Rewrites a staged query row before attention (e.g. StreamingLLM re-rotation). */
    @FunctionalInterface
    public interface QueryTransform {
        /**
         * @param row    the query row, headDim floats from {@code offset}
         * @param token  index of its token among the n new tokens
         */
        void apply(float[] row, int offset, int token);
    }

    /**
     * Attention of n new tokens for query heads {@code [firstHead, firstHead + heads)} of
     * {@code queries} ({@code [n][totalHeads][headDim]} fp32), written to the same rows of {@code out}.
     *
     * @param causalSpan index of the span holding the n new tokens at its end, or -1
     * @param transform  applied to each staged query row first, or null
     * @param lse        receives the log-sum-exp of row (token i, head h) at {@code i * heads + h}, or null
     */
    public void attend(KvSpan[] spans, int causalSpan, MemorySegment queries, MemorySegment out, int n,
            int firstHead, int heads, int totalHeads, float scale, QueryTransform transform, float[] lse) {
        float[] q = stage(queries, n, firstHead, heads, totalHeads, transform);
        if (stagedOut.length < n * heads * headDim) {
            stagedOut = new float[n * heads * headDim];
        }
        attend(spans, causalSpan, q, n, heads, scale, stagedOut, lse);
        long rowBytes = headDim * 4L;
        for (int i = 0; i < n; i++) {
            long base = ((long) i * totalHeads + firstHead) * rowBytes;
            MemorySegment.copy(stagedOut, i * heads * headDim, out, FLOAT, base, heads * headDim);
        }
    }

    /**
     * The query rows staged by the last {@link #attend(KvSpan[], int, MemorySegment, MemorySegment,
     * int, int, int, int, float, QueryTransform, float[])} ({@code [n][heads][headDim]}, unscaled,
     * after the transform), valid until the next call.
     */
    public float[] lastQueries() {
        return staged;
    }

    /**
     * Attention of on-heap query rows {@code q} ({@code [n][heads][headDim]}, unscaled) into
     * {@code out} (same layout).
     */
    public void attend(KvSpan[] spans, int causalSpan, float[] q, int n, int heads, float scale, float[] out,
            float[] lse) {
        run(spans, causalSpan, q, n, heads, scale, out, lse);
    }

    /** Only the log-sum-exp of every row's scores, at {@code i * heads + h} of {@code lse}. */
    public void logSumExp(KvSpan[] spans, int causalSpan, float[] q, int n, int heads, float scale, float[] lse) {
        run(spans, causalSpan, q, n, heads, scale, null, lse);
    }

    /**
     * Adds every row's attention probability {@code exp(score - lse)} of each token of {@code span}
     * to {@code perHead[h * stride + t]}: summed over the n tokens, kept apart per head.
     *
     * @param causal whether span ends with the n query tokens (else every row sees all of it)
     * @param lse    each row's log-sum-exp over everything it attends to, from {@link #attend} or
     *               {@link #logSumExp}
     */
    public void addProbabilities(KvSpan span, boolean causal, float[] q, int n, int heads, float scale,
            float[] lse, float[] perHead, int stride) {
        int tokensPerTile = Math.max(1, TILE_ROWS / heads);
        int len = span.size();
        for (int i0 = 0; i0 < n; i0 += tokensPerTile) {
            int i1 = Math.min(n, i0 + tokensPerTile);
            int rows = (i1 - i0) * heads;
            loadTile(q, i0 * heads, rows, scale);
            int end = causal ? len - n + i1 : len;
            for (int from = 0; from < end; from += BLOCK) {
                int to = Math.min(end, from + BLOCK);
                span.keyScores(tileQueries, rows, from, to, scores);
                for (int r = 0; r < rows; r++) {
                    int token = i0 + r / heads;
                    int head = r % heads;
                    int limit = causal ? Math.min(to, len - n + token + 1) : to;
                    float rowLse = lse[token * heads + head];
                    int base = r * BLOCK - from;
                    int outBase = head * stride;
                    for (int t = from; t < limit; t++) {
                        perHead[outBase + t] += VectorMath.exp(scores[base + t] - rowLse);
                    }
                }
            }
        }
    }

    private float[] stage(MemorySegment queries, int n, int firstHead, int heads, int totalHeads,
            QueryTransform transform) {
        int count = n * heads * headDim;
        if (staged.length < count) {
            staged = new float[count];
        }
        long rowBytes = headDim * 4L;
        for (int i = 0; i < n; i++) {
            long base = ((long) i * totalHeads + firstHead) * rowBytes;
            MemorySegment.copy(queries, FLOAT, base, staged, i * heads * headDim, heads * headDim);
            if (transform != null) {
                for (int h = 0; h < heads; h++) {
                    transform.apply(staged, (i * heads + h) * headDim, i);
                }
            }
        }
        return staged;
    }

    /** Copies {@code rows} query rows starting at row {@code firstRow} of q, scaled, into the tile. */
    private void loadTile(float[] q, int firstRow, int rows, float scale) {
        int src = firstRow * headDim;
        for (int i = 0; i < rows * headDim; i++) {
            tileQueries[i] = q[src + i] * scale;
        }
    }

    private void run(KvSpan[] spans, int causalSpan, float[] q, int n, int heads, float scale, float[] out,
            float[] lse) {
        int tokensPerTile = Math.max(1, TILE_ROWS / heads);
        if (heads > TILE_ROWS) {
            throw new IllegalArgumentException("at most " + TILE_ROWS + " query heads per KV head, got " + heads);
        }
        for (int i0 = 0; i0 < n; i0 += tokensPerTile) {
            int i1 = Math.min(n, i0 + tokensPerTile);
            int rows = (i1 - i0) * heads;
            loadTile(q, i0 * heads, rows, scale);
            Arrays.fill(tileMax, 0, rows, Float.NEGATIVE_INFINITY);
            Arrays.fill(tileSum, 0, rows, 0f);
            Arrays.fill(tileAcc, 0, rows * headDim, 0f);
            for (int s = 0; s < spans.length; s++) {
                KvSpan span = spans[s];
                boolean causal = s == causalSpan;
                int len = span.size();
                int end = causal ? len - n + i1 : len;
                for (int from = 0; from < end; from += BLOCK) {
                    int to = Math.min(end, from + BLOCK);
                    span.keyScores(tileQueries, rows, from, to, scores);
                    for (int r = 0; r < rows; r++) {
                        int width = to - from;
                        if (causal) {
                            int visible = len - n + i0 + r / heads + 1 - from;
                            if (visible < width) {
                                Arrays.fill(scores, r * BLOCK + Math.max(0, visible), r * BLOCK + width,
                                        Float.NEGATIVE_INFINITY);
                            }
                        }
                        softmaxStep(r, width);
                    }
                    if (out != null) {
                        span.accumulateValues(scores, rows, from, to, tileAcc);
                    }
                }
            }
            finish(i0 * heads, rows, out, lse);
        }
    }

    /** Folds one block of row r's scores into its running max and sum; leaves the weights in scores. */
    private void softmaxStep(int r, int width) {
        int base = r * BLOCK;
        int bound = F.loopBound(width);
        float blockMax = Float.NEGATIVE_INFINITY;
        int t = 0;
        if (bound > 0) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; t < bound; t += F.length()) {
                m = m.max(FloatVector.fromArray(F, scores, base + t));
            }
            blockMax = m.reduceLanes(VectorOperators.MAX);
        }
        for (; t < width; t++) {
            blockMax = Math.max(blockMax, scores[base + t]);
        }
        if (blockMax == Float.NEGATIVE_INFINITY) {
            Arrays.fill(scores, base, base + width, 0f);
            return;
        }
        float oldMax = tileMax[r];
        if (blockMax > oldMax) {
            float correction = oldMax == Float.NEGATIVE_INFINITY ? 0f : VectorMath.exp(oldMax - blockMax);
            tileSum[r] *= correction;
            scaleRow(tileAcc, r * headDim, correction);
            tileMax[r] = blockMax;
        }
        float rowMax = tileMax[r];
        float sum = 0;
        t = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(F);
            for (; t < bound; t += F.length()) {
                FloatVector w = VectorMath.exp(FloatVector.fromArray(F, scores, base + t).sub(rowMax));
                w.intoArray(scores, base + t);
                acc = acc.add(w);
            }
            sum = VectorMath.sum(acc);
        }
        for (; t < width; t++) {
            float w = VectorMath.exp(scores[base + t] - rowMax);
            scores[base + t] = w;
            sum += w;
        }
        tileSum[r] += sum;
    }

    private void scaleRow(float[] row, int offset, float factor) {
        int c = 0;
        int bound = F.loopBound(headDim);
        for (; c < bound; c += F.length()) {
            FloatVector.fromArray(F, row, offset + c).mul(factor).intoArray(row, offset + c);
        }
        for (; c < headDim; c++) {
            row[offset + c] *= factor;
        }
    }

    private void finish(int rowBase, int rows, float[] out, float[] lse) {
        for (int r = 0; r < rows; r++) {
            float sum = tileSum[r];
            if (lse != null) {
                lse[rowBase + r] = sum == 0f ? Float.NEGATIVE_INFINITY : tileMax[r] + (float) Math.log(sum);
            }
            if (out != null) {
                int dst = (rowBase + r) * headDim;
                float inverse = sum == 0f ? 0f : 1f / sum;
                for (int c = 0; c < headDim; c++) {
                    out[dst + c] = tileAcc[r * headDim + c] * inverse;
                }
            }
        }
    }
}
