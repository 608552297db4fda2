package org.longscope.kv.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.GroupQuantizer;
import org.longscope.kv.core.KvSpan;
import org.longscope.kv.core.PackedCodes;
import org.longscope.kv.core.VectorMath;
import jdk.incubator.vector.FloatVector;
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
    private final int dim;
    private final QuantConfig config;
    private final int valueGroup;
    private final int valueGroups;
    private final GroupQuantizer quantizer;
    private final PackedCodes packed;
    private final CodeRows keyCodes;
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
    private final float[] codeRow;
    private final int[] codes;
    private final float[] scales;
    private final float[] mins;
    private final float[] a;
    private final float[] b;
    private float[] folded = new float[0];
    private float[] bias = new float[0];

    QuantizedHead(int dim, QuantConfig config, boolean traced) {
        this.dim = dim;
        this.config = config;
        this.valueGroup = Math.min(config.group(), dim);
        this.valueGroups = (dim + valueGroup - 1) / valueGroup;
        this.quantizer = new GroupQuantizer(config.bits());
        this.packed = new PackedCodes(dim, config.bits());
        this.keyCodes = new CodeRows(packed.rowBytes());
        this.keyParams = new CodeRows(4L * dim);
        this.valueCodes = new CodeRows(packed.rowBytes());
        this.valueParams = new CodeRows(4L * valueGroups);
        this.fullKeys = new FloatRows(dim);
        this.fullValues = new FloatRows(dim);
        this.pools = traced ? new OutlierPools(dim, config.outliers(), config.extraPool()) : null;
        this.groupKeys = new float[config.group() * dim];
        this.row = new float[dim];
        this.codeRow = new float[dim];
        this.codes = new int[dim];
        this.scales = new float[dim];
        this.mins = new float[dim];
        this.a = new float[valueGroups];
        this.b = new float[valueGroups];
    }

    /** The spans attention reads: this sequence first (causal), then OTT's pools. */
    KvSpan[] spans() {
        return pools == null ? new KvSpan[] {this} : new KvSpan[] {this, pools.outliers(), pools.extra()};
    }

    @Override
    public int size() {
        return size;
    }

    int keysQuantized() {
        return keyCodes.size();
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
            total += pools.outliers().bytesUsed() + pools.extra().bytesUsed() + (keyCodes.size() + 63) / 64 * 8L;
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
        int pending = size - keyCodes.size();
        if (pending >= chunk) {
            int count = pending / chunk * chunk;
            for (int g = 0; g < count; g += config.group()) {
                quantizeKeyGroup(g);
            }
            fullKeys.removeFirst(count);
        }
        int values = Math.min(size - valueCodes.size() - config.residual(), keyCodes.size() - valueCodes.size());
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
        int firstToken = keyCodes.size();
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
        for (int i = 0; i < g; i++) {
            for (int c = 0; c < dim; c++) {
                codes[c] = quantizer.code(groupKeys[i * dim + c], scales[c], mins[c]);
            }
            int r = keyCodes.add();
            packed.pack(codes, 0, keyCodes.data(), keyCodes.offset(r));
        }
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
        int quantizedEnd = Math.min(to, keyCodes.size());
        int t = from;
        while (t < quantizedEnd) {
            int group = t / config.group();
            int groupEnd = Math.min(quantizedEnd, (group + 1) * config.group());
            foldKeyGroup(group, queries, rows);
            for (; t < groupEnd; t++) {
                if (pools != null && isMasked(t)) {
                    for (int r = 0; r < rows; r++) {
                        scores[r * stride + t - from] = Float.NEGATIVE_INFINITY;
                    }
                    continue;
                }
                // the codes are unpacked once per token (as integers) and dotted with each scale-folded row
                packed.unpack(keyCodes.data(), keyCodes.offset(t), codeRow, 0);
                for (int r = 0; r < rows; r++) {
                    scores[r * stride + t - from] = VectorMath.dot(folded, r * dim, codeRow, 0, dim) + bias[r];
                }
            }
        }
        for (t = Math.max(from, keyCodes.size()); t < to; t++) {
            int fullRow = t - keyCodes.size();
            for (int r = 0; r < rows; r++) {
                scores[r * stride + t - from] = fullKeys.dot(fullRow, queries, r * dim);
            }
        }
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
        for (int t = from; t < quantizedEnd; t++) {
            long base = valueParams.offset(t);
            for (int j = 0; j < valueGroups; j++) {
                int fitted = valueParams.data().get(ValueLayout.JAVA_INT_UNALIGNED, base + 4L * j);
                scales[j] = GroupQuantizer.scale(fitted);
                mins[j] = GroupQuantizer.min(fitted);
            }
            packed.unpack(valueCodes.data(), valueCodes.offset(t), codeRow, 0);
            for (int r = 0; r < rows; r++) {
                float w = weights[r * stride + t - from];
                if (w == 0f) {
                    continue;
                }
                for (int j = 0; j < valueGroups; j++) {
                    int c0 = j * valueGroup;
                    foldedAxpy(w * scales[j], w * mins[j], codeRow, c0, Math.min(dim, c0 + valueGroup), acc, r * dim);
                }
            }
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

    /** {@code acc[accOffset + c] += a * code_c + b} for c in [from, to): the folded weighted restoration. */
    private static void foldedAxpy(float a, float b, float[] codes, int from, int to, float[] acc, int accOffset) {
        int c = from;
        int bound = from + F.loopBound(to - from);
        for (; c < bound; c += F.length()) {
            FloatVector.fromArray(F, codes, c).mul(a).add(b).add(FloatVector.fromArray(F, acc, accOffset + c))
                    .intoArray(acc, accOffset + c);
        }
        for (; c < to; c++) {
            acc[accOffset + c] += a * codes[c] + b;
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
        int code = packed.get(keyCodes.data(), keyCodes.offset(token), channel);
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
