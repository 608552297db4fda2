package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.B;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.longscope.kv.core.VectorMath;
import org.longscope.nativeengine.model.RowDecoder;

/**
 * Q6_K weights (super-blocks of 256: 4 low bits in ql, 2 high bits in qh, an int8 scale per 16
 * values, an F16 d) dotted with Q8_0-quantized activations. Each 32-value activation block meets
 * two 16-value scale groups: the 6-bit values are rebuilt with byte shifts and masks, scaled by
 * their group's int8 scale, and the block's sum is scaled by {@code d} and the activation scale.
 */
final class Q6KMatrix extends KQuantMatrix {
    Q6KMatrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data, "Q6_K", 210);
    }

    @Override
    void decode(long offset, float[] out) {
        RowDecoder.decodeQ6K(data, offset, out, 0);
    }

    @Override
    public float dot(int row, Activations x, int t) {
        MemorySegment q = x.quants();
        MemorySegment sc = x.scales();
        long xo = x.rowOffset(t);
        long so = x.scaleOffset(t);
        FloatVector acc = FloatVector.zero(F);
        for (int s = 0; s < supers; s++) {
            long bo = superBlock(row, s);
            float d = Float.float16ToFloat(data.get(JAVA_SHORT_UNALIGNED, bo + 208));
            for (int n = 0; n < 2; n++) {
                long ql = bo + 64L * n;
                long qh = bo + 128 + 32L * n;
                long scales = bo + 192 + 8L * n;
                // four 32-value groups per half: k = 0, 1 take the low nibbles of ql[0..31], ql[32..63];
                // k = 2, 3 their high nibbles; bits 2k, 2k+1 of qh[0..31] are the two high bits
                for (int k = 0; k < 4; k++) {
                    int block = 8 * s + 4 * n + k;
                    long xb = xo + (long) block * Activations.BLOCK * Float.BYTES;
                    FloatVector sum = FloatVector.zero(F);
                    for (int l = 0; l < Activations.BLOCK; l += L) {
                        ByteVector low = ByteVector.fromMemorySegment(B, data, ql + 32L * (k & 1) + l, LE);
                        low = k < 2 ? low.and((byte) 0x0F) : low.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
                        ByteVector high = ByteVector.fromMemorySegment(B, data, qh + l, LE)
                                .lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
                        FloatVector w = Species.widen(low.or(high).sub((byte) 32));
                        float groupScale = data.get(JAVA_BYTE, scales + 2L * k + l / 16);
                        sum = w.mul(groupScale).fma(FloatVector.fromMemorySegment(F, q, xb + (long) l * Float.BYTES, LE), sum);
                    }
                    float xs = sc.get(JAVA_FLOAT_UNALIGNED, so + (long) block * Float.BYTES);
                    acc = sum.fma(FloatVector.broadcast(F, d * xs), acc);
                }
            }
        }
        return VectorMath.sum(acc);
    }
}
