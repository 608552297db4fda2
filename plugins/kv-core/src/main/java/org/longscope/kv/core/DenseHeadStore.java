package org.longscope.kv.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Keys and values of one KV head of one layer, dense and off-heap, in fp32 or fp16. Grows on demand
 * up to a maximum token count; {@link #retain} compacts the kept slots to the front and gives back
 * memory when the store has become much smaller than its allocation, so eviction really saves memory.
 *
 * <p>Slot {@code t} holds the t-th kept token in sequence order. Not thread-safe: one KV head is
 * touched by one thread at a time (see {@link org.longscope.api.kv.KvCache}).
 */
public final class DenseHeadStore implements KvSpan, AutoCloseable {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final int MIN_CAPACITY = 64;
    /** Query rows from which scoring a key block through its transpose pays for the transposition. */
    private static final int TRANSPOSED_MIN_ROWS = 16;

    private final Precision precision;
    private final int headDim;
    private final int maxTokens;
    private final long rowBytes;
    private final int vectorEnd;
    private Arena arena;
    private MemorySegment keys;
    private MemorySegment values;
    private int capacity;
    private int size;
    /** One block of keys or values as fp32, for the vector loops (a plain array is faster to read than a shared segment). */
    private final float[] widened;
    /** One block of keys as fp32, transposed ({@code [headDim][BLOCK]}), for scoring many query rows at once. */
    private final float[] transposed;

    public DenseHeadStore(Precision precision, int headDim, int maxTokens) {
        if (headDim <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("headDim and maxTokens must be positive");
        }
        this.precision = precision;
        this.headDim = headDim;
        this.maxTokens = maxTokens;
        this.rowBytes = (long) headDim * precision.bytes();
        this.vectorEnd = F.loopBound(headDim);
        this.widened = new float[AttentionKernel.BLOCK * headDim];
        this.transposed = new float[AttentionKernel.BLOCK * headDim];
        allocate(0);
    }

    public Precision precision() {
        return precision;
    }

    public int headDim() {
        return headDim;
    }

    @Override
    public int size() {
        return size;
    }

    /** Bytes of keys and values of one token: {@code 2 * headDim * bytes(precision)}. */
    public long bytesPerToken() {
        return 2 * rowBytes;
    }

    /** Bytes of keys and values of the tokens held (the documented resident size). */
    public long bytesUsed() {
        return size * bytesPerToken();
    }

    /** Bytes currently allocated, including room for growth. */
    public long bytesAllocated() {
        return capacity * bytesPerToken();
    }

    /**
     * Appends n tokens read from fp32 rows: token i's key starts at {@code keyOffset + i * stride}
     * bytes of {@code keySource}, its value likewise in {@code valueSource}.
     */
    public void append(MemorySegment keySource, long keyOffset, MemorySegment valueSource, long valueOffset,
            long stride, int n) {
        ensureCapacity(size + n);
        for (int i = 0; i < n; i++) {
            writeRow(keys, size + i, keySource, keyOffset + i * stride);
            writeRow(values, size + i, valueSource, valueOffset + i * stride);
        }
        size += n;
    }

    /** Appends one token from on-heap fp32 rows. */
    public void append(float[] key, int keyOffset, float[] value, int valueOffset) {
        ensureCapacity(size + 1);
        setRow(keys, size, key, keyOffset);
        setRow(values, size, value, valueOffset);
        size++;
    }

    /** Copies token {@code slot}'s key (as fp32) into {@code dst} at {@code offset}. */
    public void readKey(int slot, float[] dst, int offset) {
        getRow(keys, checkSlot(slot), dst, offset);
    }

    /** Copies token {@code slot}'s value (as fp32) into {@code dst} at {@code offset}. */
    public void readValue(int slot, float[] dst, int offset) {
        getRow(values, checkSlot(slot), dst, offset);
    }

    /** Overwrites token {@code slot}'s key (used to re-rotate keys in place). */
    public void writeKey(int slot, float[] src, int offset) {
        setRow(keys, checkSlot(slot), src, offset);
    }

    /**
     * Keeps only the given slots, in the given (ascending) order, moving them to the front; frees
     * memory when at most a quarter of the allocation remains in use.
     */
    public void retain(int[] slots, int count) {
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            if (slot <= previous || slot >= size) {
                throw new IllegalArgumentException("retained slots must be ascending and below " + size);
            }
            previous = slot;
            if (slot != i) {
                MemorySegment.copy(keys, slot * rowBytes, keys, i * rowBytes, rowBytes);
                MemorySegment.copy(values, slot * rowBytes, values, i * rowBytes, rowBytes);
            }
        }
        size = count;
        if (capacity > MIN_CAPACITY && size * 4L <= capacity) {
            reallocate(Math.max(MIN_CAPACITY, size + size / 2));
        }
    }

    /** Removes every token. */
    public void clear() {
        size = 0;
    }

    @Override
    public void keyScores(float[] queries, int rows, int from, int to, float[] scores) {
        if (rows >= TRANSPOSED_MIN_ROWS && AttentionKernel.BLOCK % (2 * F.length()) == 0) {
            transposedKeyScores(queries, rows, from, to, scores);
            return;
        }
        int stride = AttentionKernel.BLOCK;
        widen(keys, from, to);
        for (int t = from; t < to; t++) {
            int k = (t - from) * headDim;
            for (int r = 0; r < rows; r++) {
                scores[r * stride + t - from] = dot(queries, r * headDim, widened, k);
            }
        }
    }

    /**
     * Scores of many query rows (a prefill tile): the key block is transposed once, then lanes run
     * along keys, so each query element is broadcast into FMAs over 2 x L keys with no horizontal sums
     * (a dot product per key spends more on its final sum than on its 64 multiply-adds). Writes a
     * whole block of scores per row; those past {@code to} are zero and never read.
     */
    private void transposedKeyScores(float[] queries, int rows, int from, int to, float[] scores) {
        int block = AttentionKernel.BLOCK;
        int width = to - from;
        transposeKeys(from, to);
        int l = F.length();
        for (int r = 0; r < rows; r++) {
            int q = r * headDim;
            for (int j = 0; j < width; j += 2 * l) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = a0;
                for (int c = 0; c < headDim; c++) {
                    FloatVector qc = FloatVector.broadcast(F, queries[q + c]);
                    a0 = FloatVector.fromArray(F, transposed, c * block + j).fma(qc, a0);
                    a1 = FloatVector.fromArray(F, transposed, c * block + j + l).fma(qc, a1);
                }
                a0.intoArray(scores, r * block + j);
                a1.intoArray(scores, r * block + j + l);
            }
        }
    }

    /** Keys from..to as fp32 into {@code transposed[c][t - from]}, zeros past {@code to}. */
    private void transposeKeys(int from, int to) {
        int block = AttentionKernel.BLOCK;
        int width = to - from;
        widen(keys, from, to);
        for (int t = 0; t < width; t++) {
            for (int c = 0; c < headDim; c++) {
                transposed[c * block + t] = widened[t * headDim + c];
            }
        }
        if (width < block) {
            for (int c = 0; c < headDim; c++) {
                Arrays.fill(transposed, c * block + width, (c + 1) * block, 0f);
            }
        }
    }

    @Override
    public void accumulateValues(float[] weights, int rows, int from, int to, float[] acc) {
        int stride = AttentionKernel.BLOCK;
        widen(values, from, to);
        int width = to - from;
        int l = F.length();
        int r = 0;
        if (rows >= TRANSPOSED_MIN_ROWS && vectorEnd == headDim && headDim % (2 * l) == 0) {
            // prefill tiles: two rows x two vectors of the output held in registers across the whole
            // key block, four independent FMA chains and no store per key (decode's few rows keep the
            // axpy below, which measured faster for them: 150 against 182 ms per fp16 step at 32K)
            for (; r + 2 <= rows; r += 2) {
                int w0 = r * stride;
                int w1 = w0 + stride;
                int o0 = r * headDim;
                int o1 = o0 + headDim;
                for (int c = 0; c < headDim; c += 2 * l) {
                    FloatVector a00 = FloatVector.fromArray(F, acc, o0 + c);
                    FloatVector a01 = FloatVector.fromArray(F, acc, o0 + c + l);
                    FloatVector a10 = FloatVector.fromArray(F, acc, o1 + c);
                    FloatVector a11 = FloatVector.fromArray(F, acc, o1 + c + l);
                    for (int t = 0; t < width; t++) {
                        FloatVector v0 = FloatVector.fromArray(F, widened, t * headDim + c);
                        FloatVector v1 = FloatVector.fromArray(F, widened, t * headDim + c + l);
                        FloatVector p = FloatVector.broadcast(F, weights[w0 + t]);
                        FloatVector s = FloatVector.broadcast(F, weights[w1 + t]);
                        a00 = v0.fma(p, a00);
                        a01 = v1.fma(p, a01);
                        a10 = v0.fma(s, a10);
                        a11 = v1.fma(s, a11);
                    }
                    a00.intoArray(acc, o0 + c);
                    a01.intoArray(acc, o0 + c + l);
                    a10.intoArray(acc, o1 + c);
                    a11.intoArray(acc, o1 + c + l);
                }
            }
        }
        for (; r < rows; r++) {
            for (int t = from; t < to; t++) {
                float w = weights[r * stride + t - from];
                if (w != 0f) {
                    axpy(w, widened, (t - from) * headDim, acc, r * headDim);
                }
            }
        }
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            keys = values = null;
            capacity = size = 0;
        }
    }

    private float dot(float[] q, int qOffset, float[] k, int kOffset) {
        FloatVector sum = FloatVector.zero(F);
        int c = 0;
        for (; c < vectorEnd; c += F.length()) {
            sum = FloatVector.fromArray(F, k, kOffset + c).fma(FloatVector.fromArray(F, q, qOffset + c), sum);
        }
        float s = VectorMath.sum(sum);
        for (; c < headDim; c++) {
            s += q[qOffset + c] * k[kOffset + c];
        }
        return s;
    }

    private void axpy(float w, float[] v, int offset, float[] acc, int accOffset) {
        int c = 0;
        for (; c < vectorEnd; c += F.length()) {
            FloatVector.fromArray(F, v, offset + c).mul(w).add(FloatVector.fromArray(F, acc, accOffset + c))
                    .intoArray(acc, accOffset + c);
        }
        for (; c < headDim; c++) {
            acc[accOffset + c] += w * v[offset + c];
        }
    }

    /** Copies one block of rows into the fp32 scratch: a bulk copy for fp32, a conversion for fp16. */
    private void widen(MemorySegment seg, int from, int to) {
        long base = from * rowBytes;
        int count = (to - from) * headDim;
        if (precision == Precision.FP32) {
            MemorySegment.copy(seg, FLOAT, base, widened, 0, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            widened[i] = Float.float16ToFloat(seg.get(HALF, base + 2L * i));
        }
    }

    private void writeRow(MemorySegment dst, int slot, MemorySegment src, long srcOffset) {
        long base = slot * rowBytes;
        if (precision == Precision.FP32) {
            MemorySegment.copy(src, srcOffset, dst, base, rowBytes);
        } else {
            for (int c = 0; c < headDim; c++) {
                dst.set(HALF, base + 2L * c, Float.floatToFloat16(src.get(FLOAT, srcOffset + 4L * c)));
            }
        }
    }

    private void setRow(MemorySegment dst, int slot, float[] src, int offset) {
        long base = slot * rowBytes;
        for (int c = 0; c < headDim; c++) {
            if (precision == Precision.FP32) {
                dst.set(FLOAT, base + 4L * c, src[offset + c]);
            } else {
                dst.set(HALF, base + 2L * c, Float.floatToFloat16(src[offset + c]));
            }
        }
    }

    private void getRow(MemorySegment src, int slot, float[] dst, int offset) {
        long base = slot * rowBytes;
        for (int c = 0; c < headDim; c++) {
            dst[offset + c] = precision == Precision.FP32
                    ? src.get(FLOAT, base + 4L * c)
                    : Float.float16ToFloat(src.get(HALF, base + 2L * c));
        }
    }

    private int checkSlot(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        return slot;
    }

    private void ensureCapacity(int needed) {
        if (needed > maxTokens) {
            throw new IllegalStateException("KV store full: " + needed + " tokens exceed the context window of "
                    + maxTokens);
        }
        if (needed > capacity) {
            long grown = Math.max(needed, Math.max(MIN_CAPACITY, capacity + (capacity >> 1)));
            reallocate((int) Math.min(maxTokens, grown));
        }
    }

    private void allocate(int tokens) {
        arena = Arena.ofShared();
        long bytes = Math.max(1, tokens * rowBytes);
        keys = arena.allocate(bytes, 64);
        values = arena.allocate(bytes, 64);
        capacity = tokens;
    }

    private void reallocate(int tokens) {
        Arena oldArena = arena;
        MemorySegment oldKeys = keys;
        MemorySegment oldValues = values;
        allocate(tokens);
        long used = size * rowBytes;
        MemorySegment.copy(oldKeys, 0, keys, 0, used);
        MemorySegment.copy(oldValues, 0, values, 0, used);
        oldArena.close();
    }
}
