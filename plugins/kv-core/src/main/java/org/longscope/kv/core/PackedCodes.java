package org.longscope.kv.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rows of {@code dim} quantization codes of 2, 4 or 8 bits packed into {@code dim * bits / 8}
 * bytes in a plane layout that unpacks with vector shifts: with {@code k = 8 / bits} codes per byte
 * and plane width {@code P = dim / k}, byte {@code b} holds the codes of entries
 * {@code b, b + P, ..., b + (k - 1) P} at bit offsets {@code 0, bits, ..., (k - 1) bits}. So one
 * vector of bytes shifted by {@code j * bits} yields entries {@code [jP + b0, jP + b0 + lanes)}.
 *
 * <p>The two loops attention needs work on codes directly (the dequantization is folded in by the
 * caller): {@link #dot} for scores with a scale-folded query, {@link #accumulate} for values with a
 * scale-folded weight.
 */
public final class PackedCodes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(F.length() * 8));

    private final int dim;
    private final int bits;
    private final int perByte;
    private final int plane;
    private final int mask;
    private final boolean vectorized;

    public PackedCodes(int dim, int bits) {
        if (bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException("bits must be 2, 4 or 8, got " + bits);
        }
        this.perByte = 8 / bits;
        if (dim % perByte != 0) {
            throw new IllegalArgumentException("row length " + dim + " is not a multiple of " + perByte);
        }
        this.dim = dim;
        this.bits = bits;
        this.plane = dim / perByte;
        this.mask = (1 << bits) - 1;
        this.vectorized = plane % F.length() == 0;
    }

    /** Bytes of one packed row. */
    public int rowBytes() {
        return plane;
    }

    /** Packs {@code codes[offset, offset + dim)} into the row at {@code dst + dstOffset}. */
    public void pack(int[] codes, int offset, MemorySegment dst, long dstOffset) {
        for (int b = 0; b < plane; b++) {
            int packed = 0;
            for (int j = 0; j < perByte; j++) {
                packed |= (codes[offset + b + j * plane] & mask) << (j * bits);
            }
            dst.set(ValueLayout.JAVA_BYTE, dstOffset + b, (byte) packed);
        }
    }

    /** Code of entry {@code index} of the row at {@code src + srcOffset}. */
    public int get(MemorySegment src, long srcOffset, int index) {
        int b = index % plane;
        int j = index / plane;
        return (src.get(ValueLayout.JAVA_BYTE, srcOffset + b) >>> (j * bits)) & mask;
    }

    /** Writes the row's codes as floats (the integers themselves, not restored values) to {@code dst}. */
    public void unpack(MemorySegment src, long srcOffset, float[] dst, int dstOffset) {
        if (!vectorized) {
            for (int c = 0; c < dim; c++) {
                dst[dstOffset + c] = get(src, srcOffset, c);
            }
            return;
        }
        for (int b0 = 0; b0 < plane; b0 += F.length()) {
            IntVector bytes = unsignedBytes(src, srcOffset + b0);
            for (int j = 0; j < perByte; j++) {
                codes(bytes, j).intoArray(dst, dstOffset + j * plane + b0);
            }
        }
    }

    /** {@code sum_c q[qOffset + c] * code_c} over the row. */
    public float dot(MemorySegment src, long srcOffset, float[] q, int qOffset) {
        if (!vectorized) {
            float sum = 0;
            for (int c = 0; c < dim; c++) {
                sum += q[qOffset + c] * get(src, srcOffset, c);
            }
            return sum;
        }
        FloatVector sum = FloatVector.zero(F);
        for (int b0 = 0; b0 < plane; b0 += F.length()) {
            IntVector bytes = unsignedBytes(src, srcOffset + b0);
            for (int j = 0; j < perByte; j++) {
                FloatVector codes = codes(bytes, j);
                sum = codes.fma(FloatVector.fromArray(F, q, qOffset + j * plane + b0), sum);
            }
        }
        return VectorMath.sum(sum);
    }

    /**
     * {@code acc[accOffset + c] += a[g] * code_c + b[g]} with {@code g = c / groupSize}: the weighted
     * restoration {@code w * (min + scale * code)} with {@code a = w * scale} and {@code b = w * min}
     * folded per group. groupSize must be a multiple of the vector length for the vector path.
     */
    public void accumulate(MemorySegment src, long srcOffset, float[] a, float[] b, int groupSize,
            float[] acc, int accOffset) {
        if (!vectorized || groupSize % F.length() != 0) {
            for (int c = 0; c < dim; c++) {
                int g = c / groupSize;
                acc[accOffset + c] += a[g] * get(src, srcOffset, c) + b[g];
            }
            return;
        }
        for (int b0 = 0; b0 < plane; b0 += F.length()) {
            IntVector bytes = unsignedBytes(src, srcOffset + b0);
            for (int j = 0; j < perByte; j++) {
                int c = j * plane + b0;
                int g = c / groupSize;
                FloatVector codes = codes(bytes, j);
                FloatVector target = FloatVector.fromArray(F, acc, accOffset + c);
                codes.mul(a[g]).add(target.add(b[g])).intoArray(acc, accOffset + c);
            }
        }
    }

    private IntVector unsignedBytes(MemorySegment src, long offset) {
        ByteVector bytes = ByteVector.fromMemorySegment(B, src, offset, java.nio.ByteOrder.nativeOrder());
        return ((IntVector) bytes.convertShape(VectorOperators.B2I, I, 0)).and(0xff);
    }

    private FloatVector codes(IntVector bytes, int j) {
        IntVector shifted = j == 0 ? bytes : bytes.lanewise(VectorOperators.LSHR, j * bits);
        return (FloatVector) shifted.and(mask).convert(VectorOperators.I2F, 0);
    }
}
