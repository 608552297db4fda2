package org.longscope.kv.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.GroupQuantizer;
import org.longscope.kv.core.KvSpan;
import org.longscope.kv.core.PackedCodes;
import org.longscope.kv.core.VectorMath;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * KIVI storage of one layer's KV head, with OTT's outlier tracing when enabled. Tokens
 * {@code [0, keysQuantized)} have quantized keys (per channel, groups of G tokens), the rest
 * full-precision keys; tokens {@code [0, valuesQuantized)} have quantized values (per token, groups
 * of channels), the rest full-precision values. Quantization is deferred to the next append (or
 * the end of prefill), so the tokens of one append attend to each other at full precision, as
 * KIVI's prefill does, and a token's value is quantized only after its key, so an outlier picked
 * when its key group is quantized still has its full-precision value.
 *
 * <p>As a {@link KvSpan} it is the causal sequence of all tokens: scores fold each key group's
 * fp16 scale into the query and its minimum into a per-row bias
 * ({@code q.k = sum_c (q_c s_c) code_c + q.min}); values fold the weight into each token's scale and
 * minimum ({@code w v = (w s) code + w min}); nothing is dequantized to a temporary. Tokens that
 * OTT moved to its pools are masked here ({@code -Infinity}) and attended in the pools instead.
 */
final class QuantizedHead implements KvSpan, AutoCloseable {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final int dim;
    private final QuantConfig config;
    private final int valueGroup;
    private final int valueGroups;
    private final GroupQuantizer quantizer;
    private final PackedCodes packed;
    /**
     * One row per quantized key group, channel-major: channel c's G codes are the bits
     * {@code [c G bits, (c + 1) G bits)} of the row (token i of the group at bit {@code (c G + i) bits},
     * little-endian), so a vector of consecutive tokens of one channel unpacks from one or a few
     * 32-bit words with lane shifts.
     */
    private final CodeRows keyCodes;
    /** Whether every channel's codes start on a 32-bit word (G bits a multiple of 32): the vector path. */
    private final boolean keyVectors;
    /** Words one vector of token codes spans (1 for 2 bits x 16 lanes: a broadcast; more: a gather). */
    private final int vectorWords;
    /** Lane k's word among them. */
    private final int[] laneWords;
    /** Lane shifts, by the bit offset of the vector's first token within its word (in units of lanes * bits). */
    private final IntVector[] laneShifts;
    private final byte[] keyRow;
    /** The key group being scored, as 32-bit words (read from the off-heap row once per group). */
    private final int[] groupWords;
    private final float[] chunkCodes;
    private final CodeRows keyParams;
    private final CodeRows valueCodes;
    private final CodeRows valueParams;
    private final FloatRows fullKeys;
    private final FloatRows fullValues;
    private final OutlierPools pools;
    private int size;
    private long[] masked = new long[1];

    // scratch, reused: this head is touched by one thread at a time
    private final float[] groupKeys;
    private final float[] row;
    private final int[] codes;
    private final float[] scales;
    private final float[] mins;
    private final float[] blockCodes;
    private final float[] blockScales;
    private final float[] blockMins;
    private final float[] weightsA = new float[AttentionKernel.BLOCK];
    private final float[] weightsB = new float[AttentionKernel.BLOCK];
    private float[] folded = new float[0];
    private float[] bias = new float[0];

    QuantizedHead(int dim, QuantConfig config, boolean traced) {
        this.dim = dim;
        this.config = config;
        this.valueGroup = Math.min(config.group(), dim);
        this.valueGroups = (dim + valueGroup - 1) / valueGroup;
        this.quantizer = new GroupQuantizer(config.bits());
        this.packed = new PackedCodes(dim, config.bits());
        int bits = config.bits();
        this.keyCodes = new CodeRows((long) dim * config.group() * bits / 8);
        this.keyRow = new byte[dim * config.group() * bits / 8];
        int lanes = F.length();
        this.keyVectors = config.group() * bits % 32 == 0;
        this.vectorWords = Math.max(1, lanes * bits / 32);
        this.laneWords = new int[lanes];
        for (int k = 0; k < lanes; k++) {
            laneWords[k] = k * bits / 32;
        }
        this.groupWords = new int[Math.max(1, dim * config.group() * bits / 32)];
        int offsets = Math.max(1, 32 / (lanes * bits));
        this.laneShifts = new IntVector[offsets];
        for (int o = 0; o < offsets; o++) {
            int[] shift = new int[lanes];
            for (int k = 0; k < lanes; k++) {
                shift[k] = (o * lanes * bits + k * bits) % 32;
            }
            laneShifts[o] = IntVector.fromArray(I, shift, 0);
        }
        this.chunkCodes = new float[dim * lanes];
        this.keyParams = new CodeRows(4L * dim);
        this.valueCodes = new CodeRows(packed.rowBytes());
        this.valueParams = new CodeRows(4L * valueGroups);
        this.fullKeys = new FloatRows(dim);
        this.fullValues = new FloatRows(dim);
        this.pools = traced ? new OutlierPools(dim, config.outliers(), config.extraPool()) : null;
        this.groupKeys = new float[config.group() * dim];
        this.row = new float[dim];
        this.codes = new int[dim];
        this.scales = new float[dim];
        this.mins = new float[dim];
        this.blockCodes = new float[AttentionKernel.BLOCK * dim];
        this.blockScales = new float[AttentionKernel.BLOCK * valueGroups];
        this.blockMins = new float[AttentionKernel.BLOCK * valueGroups];
    }

    /** The spans attention reads: this sequence first (causal), then OTT's pools. */
    KvSpan[] spans() {
        return pools == null ? new KvSpan[] {this} : new KvSpan[] {this, pools.outliers(), pools.extra()};
    }

    @Override
    public int size() {
        return size;
    }

    /** Tokens whose keys are quantized: whole groups of G. */
    int keysQuantized() {
        return keyCodes.size() * config.group();
    }

    int valuesQuantized() {
        return valueCodes.size();
    }

    int pooled() {
        return pools == null ? 0 : pools.outliers().size() + pools.extra().size();
    }

    /** Bytes of codes, fp16 scales and minimums, full-precision rows, pools and the OTT mask. */
    long bytes() {
        long total = keyCodes.bytes() + keyParams.bytes() + valueCodes.bytes() + valueParams.bytes()
                + fullKeys.bytes() + fullValues.bytes();
        if (pools != null) {
            total += pools.outliers().bytesUsed() + pools.extra().bytesUsed() + (keysQuantized() + 63) / 64 * 8L;
        }
        return total;
    }

    void append(MemorySegment keys, long keyOffset, MemorySegment values, long valueOffset, long stride, int n) {
        flush();
        for (int i = 0; i < n; i++) {
            fullKeys.append(keys, keyOffset + i * stride);
            fullValues.append(values, valueOffset + i * stride);
        }
        size += n;
    }

    /** Quantizes what has left the full-precision windows. */
    void flush() {
        int chunk = config.keyChunk();
        int pending = size - keysQuantized();
        if (pending >= chunk) {
            int count = pending / chunk * chunk;
            for (int g = 0; g < count; g += config.group()) {
                quantizeKeyGroup(g);
            }
            fullKeys.removeFirst(count);
        }
        int values = Math.min(size - valueCodes.size() - config.residual(), keysQuantized() - valueCodes.size());
        if (values > 0) {
            for (int i = 0; i < values; i++) {
                quantizeValue(i);
            }
            fullValues.removeFirst(values);
        }
    }

    /** Quantizes the G full-precision keys starting at row {@code first} of the key residual. */
    private void quantizeKeyGroup(int first) {
        int g = config.group();
        int firstToken = keysQuantized();
        for (int i = 0; i < g; i++) {
            fullKeys.read(first + i, groupKeys, i * dim);
        }
        long[] excluded = null;
        if (pools != null && pools.tracing()) {
            excluded = pools.trace(groupKeys, g, firstToken, fullValues, firstToken - valueCodes.size());
            if (excluded != null) {
                for (int i = 0; i < g; i++) {
                    if ((excluded[i >>> 6] & (1L << i)) != 0) {
                        mask(firstToken + i);
                    }
                }
            }
        }
        int params = keyParams.add();
        MemorySegment p = keyParams.data();
        for (int c = 0; c < dim; c++) {
            int fitted = quantizer.fit(groupKeys, c, dim, g, excluded);
            p.set(ValueLayout.JAVA_INT_UNALIGNED, keyParams.offset(params) + 4L * c, fitted);
            scales[c] = GroupQuantizer.scale(fitted);
            mins[c] = GroupQuantizer.min(fitted);
        }
        int bits = config.bits();
        java.util.Arrays.fill(keyRow, (byte) 0);
        for (int c = 0; c < dim; c++) {
            for (int i = 0; i < g; i++) {
                int code = quantizer.code(groupKeys[i * dim + c], scales[c], mins[c]);
                int bit = (c * g + i) * bits;
                keyRow[bit >>> 3] |= (byte) (code << (bit & 7));
            }
        }
        int r = keyCodes.add();
        MemorySegment.copy(keyRow, 0, keyCodes.data(), ValueLayout.JAVA_BYTE, keyCodes.offset(r), keyRow.length);
    }

    /** Quantizes row {@code index} of the value residual (the next token's value). */
    private void quantizeValue(int index) {
        fullValues.read(index, row, 0);
        int params = valueParams.add();
        for (int j = 0; j < valueGroups; j++) {
            int from = j * valueGroup;
            int count = Math.min(valueGroup, dim - from);
            int fitted = quantizer.fit(row, from, 1, count, null);
            valueParams.data().set(ValueLayout.JAVA_INT_UNALIGNED, valueParams.offset(params) + 4L * j, fitted);
            float scale = GroupQuantizer.scale(fitted);
            float min = GroupQuantizer.min(fitted);
            for (int c = from; c < from + count; c++) {
                codes[c] = quantizer.code(row[c], scale, min);
            }
        }
        int r = valueCodes.add();
        packed.pack(codes, 0, valueCodes.data(), valueCodes.offset(r));
    }

    private void mask(int token) {
        int word = token >>> 6;
        if (word >= masked.length) {
            masked = java.util.Arrays.copyOf(masked, Math.max(word + 1, masked.length * 2));
        }
        masked[word] |= 1L << token;
    }

    private boolean isMasked(int token) {
        int word = token >>> 6;
        return word < masked.length && (masked[word] & (1L << token)) != 0;
    }

    @Override
    public void keyScores(float[] queries, int rows, int from, int to, float[] scores) {
        int stride = AttentionKernel.BLOCK;
        int g = config.group();
        int lanes = F.length();
        int quantizedEnd = Math.min(to, keysQuantized());
        int t = from;
        while (t < quantizedEnd) {
            int group = t / g;
            int groupStart = group * g;
            int groupEnd = Math.min(quantizedEnd, groupStart + g);
            foldKeyGroup(group, queries, rows);
            long row = keyCodes.offset(group);
            if (keyVectors) {
                MemorySegment.copy(keyCodes.data(), WORD, row, groupWords, 0, groupWords.length);
            }
            while (t < groupEnd) {
                int i = t - groupStart;
                if (keyVectors && i % lanes == 0 && t + lanes <= groupEnd) {
                    scoreKeyVector(i, rows, scores, t - from);
                    t += lanes;
                } else {
                    for (int r = 0; r < rows; r++) {
                        scores[r * stride + t - from] = keyScore(row, i, r);
                    }
                    t++;
                }
            }
        }
        if (pools != null) {
            for (t = from; t < quantizedEnd; t++) {
                if (isMasked(t)) {
                    for (int r = 0; r < rows; r++) {
                        scores[r * stride + t - from] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        for (t = Math.max(from, keysQuantized()); t < to; t++) {
            int fullRow = t - keysQuantized();
            for (int r = 0; r < rows; r++) {
                scores[r * stride + t - from] = fullKeys.dot(fullRow, queries, r * dim);
            }
        }
    }

    /**
     * Scores of one vector of tokens {@code [i0, i0 + lanes)} of a group against every row: each
     * channel's codes of those tokens are unpacked once (one lane per token), then each row sums
     * {@code folded_c * codes_c} over the channels with the lanes as tokens, so no sum across lanes
     * is needed.
     */
    private void scoreKeyVector(int i0, int rows, float[] scores, int column) {
        int lanes = F.length();
        int bits = config.bits();
        int g = config.group();
        IntVector shifts = laneShifts[(i0 * bits % 32) / (lanes * bits) % laneShifts.length];
        int mask = (1 << bits) - 1;
        for (int c = 0; c < dim; c++) {
            int word = (c * g + i0) * bits >>> 5;
            IntVector words = vectorWords == 1 ? IntVector.broadcast(I, groupWords[word])
                    : IntVector.fromArray(I, groupWords, word, laneWords, 0);
            ((FloatVector) words.lanewise(VectorOperators.LSHR, shifts).and(mask).convert(VectorOperators.I2F, 0))
                    .intoArray(chunkCodes, c * lanes);
        }
        // two rows at a time share each load of codes; four independent sums, as one chain of fused
        // multiply-adds would wait on each result
        int stride = AttentionKernel.BLOCK;
        int c2 = dim & ~1;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            int q0 = r * dim;
            int q1 = q0 + dim;
            FloatVector a0 = FloatVector.broadcast(F, bias[r]);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector b0 = FloatVector.broadcast(F, bias[r + 1]);
            FloatVector b1 = FloatVector.zero(F);
            int c = 0;
            for (; c < c2; c += 2) {
                FloatVector k0 = FloatVector.fromArray(F, chunkCodes, c * lanes);
                FloatVector k1 = FloatVector.fromArray(F, chunkCodes, (c + 1) * lanes);
                a0 = k0.fma(FloatVector.broadcast(F, folded[q0 + c]), a0);
                b0 = k0.fma(FloatVector.broadcast(F, folded[q1 + c]), b0);
                a1 = k1.fma(FloatVector.broadcast(F, folded[q0 + c + 1]), a1);
                b1 = k1.fma(FloatVector.broadcast(F, folded[q1 + c + 1]), b1);
            }
            for (; c < dim; c++) {
                FloatVector k0 = FloatVector.fromArray(F, chunkCodes, c * lanes);
                a0 = k0.fma(FloatVector.broadcast(F, folded[q0 + c]), a0);
                b0 = k0.fma(FloatVector.broadcast(F, folded[q1 + c]), b0);
            }
            a0.add(a1).intoArray(scores, r * stride + column);
            b0.add(b1).intoArray(scores, (r + 1) * stride + column);
        }
        for (; r < rows; r++) {
            int q = r * dim;
            FloatVector a0 = FloatVector.broadcast(F, bias[r]);
            FloatVector a1 = FloatVector.zero(F);
            int c = 0;
            for (; c < c2; c += 2) {
                a0 = FloatVector.fromArray(F, chunkCodes, c * lanes).fma(FloatVector.broadcast(F, folded[q + c]), a0);
                a1 = FloatVector.fromArray(F, chunkCodes, (c + 1) * lanes).fma(FloatVector.broadcast(F, folded[q + c + 1]), a1);
            }
            for (; c < dim; c++) {
                a0 = FloatVector.fromArray(F, chunkCodes, c * lanes).fma(FloatVector.broadcast(F, folded[q + c]), a0);
            }
            a0.add(a1).intoArray(scores, r * stride + column);
        }
    }

    /** Score of token i of a group against row r, one code at a time. */
    private float keyScore(long row, int i, int r) {
        float sum = bias[r];
        for (int c = 0; c < dim; c++) {
            sum += folded[r * dim + c] * keyCode(row, c, i);
        }
        return sum;
    }

    /** Code of channel c of token i of the key group stored at {@code row}. */
    private int keyCode(long row, int c, int i) {
        int bit = (c * config.group() + i) * config.bits();
        return (keyCodes.data().get(ValueLayout.JAVA_BYTE, row + (bit >>> 3)) >>> (bit & 7)) & ((1 << config.bits()) - 1);
    }

    /** folded[r] = q_r * scale_g (per channel), bias[r] = q_r . min_g. */
    private void foldKeyGroup(int group, float[] queries, int rows) {
        if (folded.length < rows * dim) {
            folded = new float[rows * dim];
            bias = new float[rows];
        }
        long base = keyParams.offset(group);
        MemorySegment p = keyParams.data();
        for (int c = 0; c < dim; c++) {
            int fitted = p.get(ValueLayout.JAVA_INT_UNALIGNED, base + 4L * c);
            scales[c] = GroupQuantizer.scale(fitted);
            mins[c] = GroupQuantizer.min(fitted);
        }
        int bound = F.loopBound(dim);
        for (int r = 0; r < rows; r++) {
            int q = r * dim;
            int c = 0;
            for (; c < bound; c += F.length()) {
                FloatVector.fromArray(F, queries, q + c).mul(FloatVector.fromArray(F, scales, c)).intoArray(folded, q + c);
            }
            for (; c < dim; c++) {
                folded[q + c] = queries[q + c] * scales[c];
            }
            bias[r] = VectorMath.dot(queries, q, mins, 0, dim);
        }
    }

    @Override
    public void accumulateValues(float[] weights, int rows, int from, int to, float[] acc) {
        int stride = AttentionKernel.BLOCK;
        int quantizedEnd = Math.min(to, valueCodes.size());
        if (quantizedEnd > from) {
            accumulateQuantizedValues(weights, rows, from, quantizedEnd, acc);
        }
        for (int t = Math.max(from, valueCodes.size()); t < to; t++) {
            int fullRow = t - valueCodes.size();
            for (int r = 0; r < rows; r++) {
                float w = weights[r * stride + t - from];
                if (w != 0f) {
                    fullValues.axpy(fullRow, w, acc, r * dim);
                }
            }
        }
    }

    /**
     * Quantized tokens {@code [from, to)} of one block: their codes (as integers) and per-group
     * scales and minimums are unpacked once into scratch, then each row accumulates
     * {@code sum_t (w_t s_t) code_t} one vector of channels at a time, held in a register across
     * the block's tokens, and adds {@code sum_t w_t min_t} per group once at the end. The scale is
     * folded into the weight, so no value is dequantized.
     */
    private void accumulateQuantizedValues(float[] weights, int rows, int from, int to, float[] acc) {
        int stride = AttentionKernel.BLOCK;
        int n = to - from;
        for (int i = 0; i < n; i++) {
            int t = from + i;
            long base = valueParams.offset(t);
            for (int j = 0; j < valueGroups; j++) {
                int fitted = valueParams.data().get(ValueLayout.JAVA_INT_UNALIGNED, base + 4L * j);
                blockScales[j * AttentionKernel.BLOCK + i] = GroupQuantizer.scale(fitted);
                blockMins[j * AttentionKernel.BLOCK + i] = GroupQuantizer.min(fitted);
            }
            packed.unpack(valueCodes.data(), valueCodes.offset(t), blockCodes, i * dim);
        }
        int lanes = F.length();
        boolean vectorGroups = valueGroup % lanes == 0;
        for (int j = 0; j < valueGroups; j++) {
            int c0 = j * valueGroup;
            int c1 = Math.min(dim, c0 + valueGroup);
            int vectorEnd = vectorGroups ? c1 : c0;
            int r = 0;
            // two rows at a time share each load of codes; four independent sums, as one chain of
            // fused multiply-adds would wait on each result
            for (; r + 1 < rows; r += 2) {
                float minA = foldWeights(weights, r * stride, j, n, weightsA);
                float minB = foldWeights(weights, (r + 1) * stride, j, n, weightsB);
                int outA = r * dim;
                int outB = outA + dim;
                for (int c = c0; c < vectorEnd; c += lanes) {
                    FloatVector a0 = FloatVector.zero(F);
                    FloatVector a1 = FloatVector.zero(F);
                    FloatVector b0 = FloatVector.zero(F);
                    FloatVector b1 = FloatVector.zero(F);
                    int i = 0;
                    for (; i + 1 < n; i += 2) {
                        FloatVector k0 = FloatVector.fromArray(F, blockCodes, i * dim + c);
                        FloatVector k1 = FloatVector.fromArray(F, blockCodes, (i + 1) * dim + c);
                        a0 = k0.fma(FloatVector.broadcast(F, weightsA[i]), a0);
                        b0 = k0.fma(FloatVector.broadcast(F, weightsB[i]), b0);
                        a1 = k1.fma(FloatVector.broadcast(F, weightsA[i + 1]), a1);
                        b1 = k1.fma(FloatVector.broadcast(F, weightsB[i + 1]), b1);
                    }
                    if (i < n) {
                        FloatVector k0 = FloatVector.fromArray(F, blockCodes, i * dim + c);
                        a0 = k0.fma(FloatVector.broadcast(F, weightsA[i]), a0);
                        b0 = k0.fma(FloatVector.broadcast(F, weightsB[i]), b0);
                    }
                    a0.add(a1).add(minA).add(FloatVector.fromArray(F, acc, outA + c)).intoArray(acc, outA + c);
                    b0.add(b1).add(minB).add(FloatVector.fromArray(F, acc, outB + c)).intoArray(acc, outB + c);
                }
                accumulateChannels(vectorEnd, c1, n, weightsA, minA, acc, outA);
                accumulateChannels(vectorEnd, c1, n, weightsB, minB, acc, outB);
            }
            if (r < rows) {
                float minA = foldWeights(weights, r * stride, j, n, weightsA);
                int outA = r * dim;
                for (int c = c0; c < vectorEnd; c += lanes) {
                    FloatVector a0 = FloatVector.zero(F);
                    FloatVector a1 = FloatVector.zero(F);
                    int i = 0;
                    for (; i + 1 < n; i += 2) {
                        a0 = FloatVector.fromArray(F, blockCodes, i * dim + c).fma(FloatVector.broadcast(F, weightsA[i]), a0);
                        a1 = FloatVector.fromArray(F, blockCodes, (i + 1) * dim + c)
                                .fma(FloatVector.broadcast(F, weightsA[i + 1]), a1);
                    }
                    if (i < n) {
                        a0 = FloatVector.fromArray(F, blockCodes, i * dim + c).fma(FloatVector.broadcast(F, weightsA[i]), a0);
                    }
                    a0.add(a1).add(minA).add(FloatVector.fromArray(F, acc, outA + c)).intoArray(acc, outA + c);
                }
                accumulateChannels(vectorEnd, c1, n, weightsA, minA, acc, outA);
            }
        }
    }

    /**
     * One row's weights of the block with value group j's scales folded in ({@code out[i] = w_i s_i}),
     * a vector of tokens at a time; returns {@code sum_i w_i min_i}.
     */
    private float foldWeights(float[] weights, int w0, int j, int n, float[] out) {
        int p = j * AttentionKernel.BLOCK;
        int lanes = F.length();
        int nv = F.loopBound(n);
        FloatVector minSums = FloatVector.zero(F);
        int i = 0;
        for (; i < nv; i += lanes) {
            FloatVector w = FloatVector.fromArray(F, weights, w0 + i);
            w.mul(FloatVector.fromArray(F, blockScales, p + i)).intoArray(out, i);
            minSums = w.fma(FloatVector.fromArray(F, blockMins, p + i), minSums);
        }
        float minSum = VectorMath.sum(minSums); // fixed order: equal inputs give equal outputs, compiled or not
        for (; i < n; i++) {
            out[i] = weights[w0 + i] * blockScales[p + i];
            minSum += weights[w0 + i] * blockMins[p + i];
        }
        return minSum;
    }

    /** Channels {@code [from, to)} of one row, one at a time (a group narrower than a vector). */
    private void accumulateChannels(int from, int to, int n, float[] folded, float minSum, float[] acc, int out) {
        for (int c = from; c < to; c++) {
            float sum = minSum;
            for (int i = 0; i < n; i++) {
                sum += folded[i] * blockCodes[i * dim + c];
            }
            acc[out + c] += sum;
        }
    }

    @Override
    public void close() {
        keyCodes.close();
        keyParams.close();
        valueCodes.close();
        valueParams.close();
        fullKeys.close();
        fullValues.close();
        if (pools != null) {
            pools.close();
        }
    }

    /** Restored key of a quantized token (tests and diagnostics). */
    float restoredKey(int token, int channel) {
        int fitted = keyParams.data().get(ValueLayout.JAVA_INT_UNALIGNED,
                keyParams.offset(token / config.group()) + 4L * channel);
        int code = keyCode(keyCodes.offset(token / config.group()), channel, token % config.group());
        return GroupQuantizer.restore(code, GroupQuantizer.scale(fitted), GroupQuantizer.min(fitted));
    }

    /** Restored value of a quantized token (tests and diagnostics). */
    float restoredValue(int token, int channel) {
        int fitted = valueParams.data().get(ValueLayout.JAVA_INT_UNALIGNED,
                valueParams.offset(token) + 4L * (channel / valueGroup));
        int code = packed.get(valueCodes.data(), valueCodes.offset(token), channel);
        return GroupQuantizer.restore(code, GroupQuantizer.scale(fitted), GroupQuantizer.min(fitted));
    }

    boolean masked(int token) {
        return isMasked(token);
    }
}
