package org.longscope.kv.calidrop;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.KvSpan;
import org.longscope.kv.core.Precision;

/**
 * CaliDrop over an eviction cache: what the base method evicts goes to an off-heap offload store
 * (fp16 by default; offloaded bytes, not resident), and decode-step attention over the kept tokens is
 * calibrated with attention over the evicted ones.
 *
 * <p>Per query head: at the end of prefill, {@code q_ref} is the last prompt query and
 * {@code O_e, lse_e} its attention output and log-sum-exp over the offloaded tokens. At each decode
 * step, {@code O_c, lse_c} come from the base cache's attention over the kept tokens and
 * {@code rho = cos(q_t, q_ref)}: if {@code rho < theta1}, {@code O_e, lse_e} are recomputed from the
 * offload store with {@code q_t} and {@code q_ref = q_t}, then calibrated ("recompute"); else if
 * {@code rho > theta2}, calibrated with the stored values ("reuse"); otherwise {@code O_c} is used
 * alone ("skip"). Calibration: {@code w = 1 / (1 + exp(lse_c - lse_e))},
 * {@code out = (1 - w) O_c + w O_e}, which is exact attention over kept plus evicted tokens when
 * {@code O_e, lse_e} are current. Tokens the base method evicts while decoding join the offload store
 * at once; stored {@code O_e, lse_e} cover the store as it was at their last computation. Appends of
 * more than one token after prefill are attended by the base cache alone.
 */
final class CaliDropCache implements KvCache {
    private final DenseCache base;
    private final CacheGeometry geometry;
    private final double theta1;
    private final double theta2;
    private final int dim;
    private final int group;
    private final DenseHeadStore[][] offload;
    private final KvSpan[][][] offloadSpans;
    private final float[][][] queryRef;
    private final float[][][] outputEvicted;
    private final float[][] lseEvicted;
    private final AttentionKernel[] kernels;
    private final float[][] lseKept;
    private final float[][] query;
    private final float[][] scratchOut;
    private final float[][] scratchLse;
    private static final byte RECOMPUTE = 0;
    private static final byte REUSE = 1;
    private static final byte SKIP = 2;
    private final int[][] recomputeHeads;
    private final byte[][] branch;
    private final float[][] refRows;
    private final long[] recompute;
    private final long[] reuse;
    private final long[] skip;
    private final float[] row;
    private final float[] evictedValue;
    private boolean decoding;

    CaliDropCache(DenseCache base, double theta1, double theta2, Precision offloadPrecision) {
        this.base = base;
        this.geometry = base.geometry();
        this.theta1 = theta1;
        this.theta2 = theta2;
        this.dim = geometry.headDim();
        this.group = geometry.groupSize();
        int layers = geometry.layers();
        int kvHeads = geometry.kvHeads();
        this.offload = new DenseHeadStore[layers][kvHeads];
        this.offloadSpans = new KvSpan[layers][kvHeads][];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < kvHeads; h++) {
                offload[l][h] = new DenseHeadStore(offloadPrecision, dim, geometry.maxTokens());
                offloadSpans[l][h] = new KvSpan[] {offload[l][h]};
            }
        }
        this.queryRef = new float[layers][geometry.queryHeads()][dim];
        this.outputEvicted = new float[layers][geometry.queryHeads()][dim];
        this.lseEvicted = new float[layers][geometry.queryHeads()];
        this.kernels = new AttentionKernel[kvHeads];
        this.lseKept = new float[kvHeads][group];
        this.query = new float[kvHeads][group * dim];
        this.scratchOut = new float[kvHeads][group * dim];
        this.scratchLse = new float[kvHeads][group];
        for (int h = 0; h < kvHeads; h++) {
            kernels[h] = new AttentionKernel(dim);
        }
        this.recomputeHeads = new int[kvHeads][group];
        this.branch = new byte[kvHeads][group];
        this.refRows = new float[kvHeads][group * dim];
        this.recompute = new long[kvHeads];
        this.reuse = new long[kvHeads];
        this.skip = new long[kvHeads];
        this.row = new float[dim];
        this.evictedValue = new float[dim];
        base.setEvictionListener(this::offload);
    }

    /** Copies every slot not kept to the offload store. */
    private void offload(int layer, int kvHead, DenseHeadStore store, int[] kept, int keptCount) {
        DenseHeadStore target = offload[layer][kvHead];
        int next = 0;
        for (int slot = 0; slot < store.size(); slot++) {
            if (next < keptCount && kept[next] == slot) {
                next++;
                continue;
            }
            store.readKey(slot, row, 0);
            store.readValue(slot, evictedValue, 0);
            target.append(row, 0, evictedValue, 0);
        }
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        base.append(layer, position, n, keys, values);
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        if (!decoding || n != 1) {
            base.attend(layer, kvHead, n, queries, out);
            if (!decoding) {
                copyRows(queries, n - 1, kvHead, queryRef[layer]);
            }
            return;
        }
        float[] lseC = lseKept[kvHead];
        base.attend(layer, kvHead, 1, queries, out, lseC);
        float[] q = query[kvHead];
        copyRows(queries, 0, kvHead, q);
        int firstHead = kvHead * group;
        // decide every head's branch; heads that recompute share one pass over the offload store
        int[] recomputing = recomputeHeads[kvHead];
        int count = 0;
        for (int g = 0; g < group; g++) {
            int head = firstHead + g;
            double rho = cosine(q, g * dim, queryRef[layer][head]);
            if (rho < theta1) {
                recompute[kvHead]++;
                System.arraycopy(q, g * dim, queryRef[layer][head], 0, dim);
                recomputing[count++] = head;
                branch[kvHead][g] = RECOMPUTE;
            } else if (rho > theta2) {
                reuse[kvHead]++;
                branch[kvHead][g] = REUSE;
            } else {
                skip[kvHead]++;
                branch[kvHead][g] = SKIP;
            }
        }
        if (count > 0) {
            evictedAttention(layer, kvHead, recomputing, count);
        }
        for (int g = 0; g < group; g++) {
            if (branch[kvHead][g] != SKIP) {
                int head = firstHead + g;
                calibrate(out, head, lseC[g], outputEvicted[layer][head], lseEvicted[layer][head]);
            }
        }
    }

    @Override
    public void endPrefill() {
        base.endPrefill();
        decoding = true;
        for (int l = 0; l < geometry.layers(); l++) {
            for (int h = 0; h < geometry.kvHeads(); h++) {
                int[] heads = recomputeHeads[h];
                for (int g = 0; g < group; g++) {
                    heads[g] = h * group + g;
                }
                evictedAttention(l, h, heads, group);
            }
        }
    }

    /** O_e and lse_e of the given query heads' q_ref over the offload store, in one kernel pass. */
    private void evictedAttention(int layer, int kvHead, int[] heads, int count) {
        float[] q = refRows[kvHead];
        for (int i = 0; i < count; i++) {
            System.arraycopy(queryRef[layer][heads[i]], 0, q, i * dim, dim);
        }
        float[] out = scratchOut[kvHead];
        float[] lse = scratchLse[kvHead];
        kernels[kvHead].attend(offloadSpans[layer][kvHead], -1, q, 1, count, geometry.attentionScale(), out, lse);
        for (int i = 0; i < count; i++) {
            System.arraycopy(out, i * dim, outputEvicted[layer][heads[i]], 0, dim);
            lseEvicted[layer][heads[i]] = lse[i];
        }
    }

    private void calibrate(MemorySegment out, int head, float lseC, float[] outE, float lseE) {
        if (lseE == Float.NEGATIVE_INFINITY) {
            return; // nothing evicted: w = 0
        }
        double w = 1 / (1 + Math.exp(lseC - lseE));
        long base = (long) head * dim * 4;
        for (int c = 0; c < dim; c++) {
            long at = base + 4L * c;
            float oc = out.get(FLOAT, at);
            out.set(FLOAT, at, (float) ((1 - w) * oc + w * outE[c]));
        }
    }

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    /** Copies the group's query rows of token {@code token} into {@code dst} ([group][dim] or [heads][dim]). */
    private void copyRows(MemorySegment queries, int token, int kvHead, float[] dst) {
        long base = ((long) token * geometry.queryHeads() + (long) kvHead * group) * dim * 4;
        MemorySegment.copy(queries, FLOAT, base, dst, 0, group * dim);
    }

    private void copyRows(MemorySegment queries, int token, int kvHead, float[][] refs) {
        long base = ((long) token * geometry.queryHeads() + (long) kvHead * group) * dim * 4;
        for (int g = 0; g < group; g++) {
            MemorySegment.copy(queries, FLOAT, base + (long) g * dim * 4, refs[kvHead * group + g], 0, dim);
        }
    }

    private double cosine(float[] a, int offset, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int c = 0; c < dim; c++) {
            dot += a[offset + c] * b[c];
            na += a[offset + c] * a[offset + c];
            nb += b[c] * b[c];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public KvStats stats() {
        KvStats s = base.stats();
        long offloaded = 0;
        for (DenseHeadStore[] layer : offload) {
            for (DenseHeadStore store : layer) {
                offloaded += store.bytesUsed();
            }
        }
        Map<String, Long> counters = new HashMap<>(s.counters());
        counters.put("calidrop_recompute", sum(recompute));
        counters.put("calidrop_reuse", sum(reuse));
        counters.put("calidrop_skip", sum(skip));
        return new KvStats(CaliDropPolicy.ID, s.tokensSeen(), s.tokensKept(), s.bytesResident(),
                s.bytesOffloaded() + offloaded, counters);
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public void close() {
        base.close();
        for (DenseHeadStore[] layer : offload) {
            for (DenseHeadStore store : layer) {
                store.close();
            }
        }
    }
}
