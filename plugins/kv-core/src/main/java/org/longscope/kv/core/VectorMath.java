package org.longscope.kv.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic vector arithmetic for attention. The Vector API's {@code EXP} and
 * {@code reduceLanes(ADD)} may give different last bits in interpreted and compiled code (SVML
 * versus per-lane {@code Math.exp}; tree versus sequential summation), which would make two caches
 * holding the same tokens disagree by an ulp. These replacements use only lane-wise IEEE operations
 * (add, mul, fma, conversions) in a fixed order, so they give the same bits everywhere, and the
 * scalar {@link #exp(float)} gives the same bits as one lane of {@link #exp(FloatVector)}.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** The butterfly shuffles (lane i to lane i ^ s) of the preferred species (null past its lanes) and of the 256-bit one. */
    private static final VectorShuffle<Float> XOR_8 = xor(F, 8);
    private static final VectorShuffle<Float> XOR_4 = xor(F, 4);
    private static final VectorShuffle<Float> XOR_2 = xor(F, 2);
    private static final VectorShuffle<Float> XOR_1 = xor(F, 1);
    private static final VectorShuffle<Float> XOR_4_256 = xor(FloatVector.SPECIES_256, 4);
    private static final VectorShuffle<Float> XOR_2_256 = xor(FloatVector.SPECIES_256, 2);
    private static final VectorShuffle<Float> XOR_1_256 = xor(FloatVector.SPECIES_256, 1);

    private static VectorShuffle<Float> xor(VectorSpecies<Float> species, int s) {
        return s < species.length() ? VectorShuffle.fromOp(species, i -> i ^ s) : null;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly(VectorSpecies<Float> species) {
        VectorShuffle<Float>[] shuffles = new VectorShuffle[Integer.numberOfTrailingZeros(species.length())];
        for (int k = 0, shift = species.length() / 2; shift >= 1; k++, shift /= 2) {
            int s = shift;
            shuffles[k] = VectorShuffle.fromOp(species, i -> i ^ s);
        }
        return shuffles;
    }

    // Cephes expf: exp(x) = 2^k * p(r), r = x - k ln 2 split in two constants
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float LOWEST = -87.0f;
    private static final float HIGHEST = 88.0f;
    private static final float P0 = 1.9875691500E-4f;
    private static final float P1 = 1.3981999507E-3f;
    private static final float P2 = 8.3334519073E-3f;
    private static final float P3 = 4.1665795894E-2f;
    private static final float P4 = 1.6666665459E-1f;
    private static final float P5 = 5.0000001201E-1f;

    private VectorMath() {
    }

    /**
     * Sum of all lanes in a fixed butterfly order (lanes i and i ^ L/2, then i ^ L/4, ... i ^ 1). The
     * preferred and the 256-bit species take straight-line code with constant shuffles: a loop over
     * an array of shuffles kept the vector in a loop phi, which C2 did not always keep in a register,
     * and then every call boxed it (an allocation per dot product on the decode path).
     */
    public static float sum(FloatVector v) {
        if (v.species() == F && F.length() <= 16) {
            if (F.length() == 16) {
                v = v.add(v.rearrange(XOR_8));
            }
            if (F.length() >= 8) {
                v = v.add(v.rearrange(XOR_4));
            }
            if (F.length() >= 4) {
                v = v.add(v.rearrange(XOR_2));
            }
            return v.add(v.rearrange(XOR_1)).lane(0);
        }
        if (v.species() == FloatVector.SPECIES_256) {
            v = v.add(v.rearrange(XOR_4_256));
            v = v.add(v.rearrange(XOR_2_256));
            return v.add(v.rearrange(XOR_1_256)).lane(0);
        }
        for (VectorShuffle<Float> shuffle : butterfly(v.species())) {
            v = v.add(v.rearrange(shuffle));
        }
        return v.lane(0);
    }

    /** {@code sum_i a[aOffset + i] * b[bOffset + i]} for i in [0, n), in a fixed order. */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            sum = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), sum);
        }
        float s = sum(sum);
        for (; i < n; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    /** e^x per lane (any species), about 1 ulp; 0 below -87 (so -Infinity gives exactly 0), saturating above 88. */
    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> F = x.species();
        VectorMask<Float> underflow = x.lt(LOWEST);
        FloatVector c = x.max(LOWEST).min(HIGHEST);
        FloatVector t = c.mul(LOG2E);
        FloatVector half = FloatVector.broadcast(F, 0.5f).blend(-0.5f, t.lt(0f));
        IntVector k = (IntVector) t.add(half).convert(VectorOperators.F2I, 0);
        // (F2I keeps the lane count, so k has as many lanes as x)
        FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
        FloatVector r = kf.mul(-LN2_HI).add(c);
        r = kf.mul(-LN2_LO).add(r);
        FloatVector p = r.fma(FloatVector.broadcast(F, P0), FloatVector.broadcast(F, P1));
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector r2 = r.mul(r);
        p = p.fma(r2, r).add(1f);
        FloatVector pow2 = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(pow2).blend(0f, underflow);
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
    public static float exp(float x) {
        if (x < LOWEST || Float.isNaN(x)) {
            return Float.isNaN(x) ? Float.NaN : 0f;
        }
        float c = Math.min(x, HIGHEST);
        float t = c * LOG2E;
        int k = (int) (t + (t < 0f ? -0.5f : 0.5f));
        float kf = k;
        float r = kf * -LN2_HI + c;
        r = kf * -LN2_LO + r;
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float r2 = r * r;
        p = Math.fma(p, r2, r) + 1f;
        return p * Float.intBitsToFloat((k + 127) << 23);
    }
}
