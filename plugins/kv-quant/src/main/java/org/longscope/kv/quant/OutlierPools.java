package org.longscope.kv.quant;

import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.Precision;

/**
 * OTT's outlier token tracing for one KV head. When a key group is quantized, the {@code outliers}
 * tokens with the smallest key L1 norm (of the key as stored, after RoPE) among the group's tokens
 * and the current outlier pool form the new pool: group tokens that enter it are left out of the
 * group's min/max and masked in the quantized sequence, keeping full-precision keys and values
 * here; pool tokens that leave it move to the extra pool. When a move would overflow the extra
 * pool, or once it is full, tracing stops and later groups are quantized as plain KIVI; tokens
 * already pooled stay at full precision. Ties go to pooled tokens, then to earlier tokens.
 */
final class OutlierPools implements AutoCloseable {
    private final int dim;
    private final int capacity;
    private final int extraCapacity;
    private final DenseHeadStore outliers;
    private final DenseHeadStore extra;
    private final float[] poolNorms;
    private boolean tracing = true;

    // scratch
    private final float[] key;
    private final float[] value;
    private final int[] keep;

    OutlierPools(int dim, int capacity, int extraCapacity) {
        this.dim = dim;
        this.capacity = capacity;
        this.extraCapacity = extraCapacity;
        this.outliers = new DenseHeadStore(Precision.FP32, dim, Math.max(1, capacity));
        this.extra = new DenseHeadStore(Precision.FP32, dim, Math.max(1, extraCapacity));
        this.poolNorms = new float[capacity];
        this.key = new float[dim];
        this.value = new float[dim];
        this.keep = new int[capacity];
    }

    DenseHeadStore outliers() {
        return outliers;
    }

    DenseHeadStore extra() {
        return extra;
    }

    boolean tracing() {
        return tracing;
    }

    /**
     * Picks the new outlier pool for a group of {@code count} keys ({@code groupKeys} rows) whose
     * values are rows {@code firstValueRow...} of {@code fullValues}.
     *
     * @return bit i set for each group token that joined the pool, or null when none did
     */
    long[] trace(float[] groupKeys, int count, int firstToken, FloatRows fullValues, int firstValueRow) {
        int pooled = outliers.size();
        int candidates = pooled + count;
        float[] norms = new float[candidates];
        System.arraycopy(poolNorms, 0, norms, 0, pooled);
        for (int i = 0; i < count; i++) {
            float sum = 0;
            for (int c = 0; c < dim; c++) {
                sum += Math.abs(groupKeys[i * dim + c]);
            }
            norms[pooled + i] = sum;
        }
        boolean[] chosen = new boolean[candidates];
        int picks = Math.min(capacity, candidates);
        for (int k = 0; k < picks; k++) {
            int best = -1;
            for (int i = 0; i < candidates; i++) {
                if (!chosen[i] && (best < 0 || norms[i] < norms[best])) {
                    best = i;
                }
            }
            chosen[best] = true;
        }
        int pushed = 0;
        for (int p = 0; p < pooled; p++) {
            if (!chosen[p]) {
                pushed++;
            }
        }
        if (extra.size() + pushed > extraCapacity) {
            tracing = false;
            return null;
        }
        int kept = 0;
        for (int p = 0; p < pooled; p++) {
            if (chosen[p]) {
                poolNorms[kept] = poolNorms[p];
                keep[kept++] = p;
            } else {
                outliers.readKey(p, key, 0);
                outliers.readValue(p, value, 0);
                extra.append(key, 0, value, 0);
            }
        }
        outliers.retain(keep, kept);
        long[] joined = null;
        for (int i = 0; i < count; i++) {
            if (chosen[pooled + i]) {
                if (joined == null) {
                    joined = new long[(count + 63) / 64];
                }
                joined[i >>> 6] |= 1L << i;
                fullValues.read(firstValueRow + i, value, 0);
                poolNorms[outliers.size()] = norms[pooled + i];
                outliers.append(groupKeys, i * dim, value, 0);
            }
        }
        if (extra.size() == extraCapacity) {
            tracing = false;
        }
        return joined;
    }

    @Override
    public void close() {
        outliers.close();
        extra.close();
    }
}
