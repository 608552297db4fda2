package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.longscope.kv.core.VectorMath;

/**
 * Element-wise kernels on float rows in memory segments (byte offsets, {@code n} floats):
 * RMSNorm, residual add, bias add, SiLU-gated product, softmax. Each has a vector body and a
 * scalar tail.
 */
public final class VectorOps {
    private VectorOps() {
    }

    private static long bytes(int i) {
        return (long) i * Float.BYTES;
    }

    private static int vectorEnd(int n) {
        return n - n % L;
    }

    /** Sum of squares of {@code n} floats. */
    public static float sumOfSquares(MemorySegment x, long xo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector v = FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE);
            acc = v.fma(v, acc);
        }
        float sum = VectorMath.sum(acc);
        for (; i < n; i++) {
            float v = x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i));
            sum += v * v;
        }
        return sum;
    }

    /** {@code out = x / sqrt(mean(x^2) + eps) * weight}; out may be x. */
    public static void rmsNorm(MemorySegment out, long oo, MemorySegment x, long xo, MemorySegment weight, long wo,
            int n, float eps) {
        float scale = (float) (1.0 / Math.sqrt(sumOfSquares(x, xo, n) / n + eps));
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE).mul(scale)
                    .mul(FloatVector.fromMemorySegment(F, weight, wo + bytes(i), LE))
                    .intoMemorySegment(out, oo + bytes(i), LE);
        }
        for (; i < n; i++) {
            out.set(JAVA_FLOAT_UNALIGNED, oo + bytes(i), x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i)) * scale
                    * weight.get(JAVA_FLOAT_UNALIGNED, wo + bytes(i)));
        }
    }

    /** {@code acc += x}. */
    public static void add(MemorySegment acc, long ao, MemorySegment x, long xo, int n) {
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector.fromMemorySegment(F, acc, ao + bytes(i), LE)
                    .add(FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE))
                    .intoMemorySegment(acc, ao + bytes(i), LE);
        }
        for (; i < n; i++) {
            acc.set(JAVA_FLOAT_UNALIGNED, ao + bytes(i),
                    acc.get(JAVA_FLOAT_UNALIGNED, ao + bytes(i)) + x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i)));
        }
    }

    /** {@code gate = silu(gate) * up}, with {@code silu(g) = g / (1 + e^-g)}. */
    public static void siluGate(MemorySegment gate, long go, MemorySegment up, long uo, int n) {
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector g = FloatVector.fromMemorySegment(F, gate, go + bytes(i), LE);
            FloatVector silu = g.div(VectorMath.exp(g.neg()).add(1f));
            silu.mul(FloatVector.fromMemorySegment(F, up, uo + bytes(i), LE)).intoMemorySegment(gate, go + bytes(i), LE);
        }
        for (; i < n; i++) {
            float g = gate.get(JAVA_FLOAT_UNALIGNED, go + bytes(i));
            gate.set(JAVA_FLOAT_UNALIGNED, go + bytes(i),
                    g / (VectorMath.exp(-g) + 1f) * up.get(JAVA_FLOAT_UNALIGNED, uo + bytes(i)));
        }
    }

    /** Largest of {@code n} floats. */
    public static float max(MemorySegment x, long xo, int n) {
        FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            m = m.max(FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i)));
        }
        return max;
    }

    /**
     * In-place softmax of {@code n} floats after dividing them by {@code temperature}; returns the
     * log of the normalizer, {@code log(sum(exp(x/T - max)))} with the max added back, so that
     * {@code log p_i = x_i/T - result}.
     */
    public static float softmax(MemorySegment x, long xo, int n, float temperature) {
        float inv = 1f / temperature;
        float max = max(x, xo, n) * inv;
        FloatVector sum = FloatVector.zero(F);
        int i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE).mul(inv).sub(max));
            e.intoMemorySegment(x, xo + bytes(i), LE);
            sum = sum.add(e);
        }
        double total = VectorMath.sum(sum);
        for (; i < n; i++) {
            float e = VectorMath.exp(x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i)) * inv - max);
            x.set(JAVA_FLOAT_UNALIGNED, xo + bytes(i), e);
            total += e;
        }
        float norm = (float) (1 / total);
        i = 0;
        for (; i < vectorEnd(n); i += L) {
            FloatVector.fromMemorySegment(F, x, xo + bytes(i), LE).mul(norm).intoMemorySegment(x, xo + bytes(i), LE);
        }
        for (; i < n; i++) {
            x.set(JAVA_FLOAT_UNALIGNED, xo + bytes(i), x.get(JAVA_FLOAT_UNALIGNED, xo + bytes(i)) * norm);
        }
        return (float) (max + Math.log(total));
    }
}
