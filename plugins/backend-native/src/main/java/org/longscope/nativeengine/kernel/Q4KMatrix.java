package org.longscope.nativeengine.kernel;

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
 * Q4_K weights (super-blocks of 256: F16 d and dmin, 6-bit scales and mins of eight sub-blocks of
 * 32, 4-bit values) dotted with Q8_0-quantized activations. A sub-block lines up with one activation
 * block, so its term is {@code xs * (d * scale * sum(q * xq) - dmin * min * sum(xq))}: the integer
 * sums are exact in F32, and both scales are applied once per sub-block.
 */
final class Q4KMatrix extends KQuantMatrix {
    Q4KMatrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data, "Q4_K", 144);
    }

    @Override
    void decode(long offset, float[] out) {
        RowDecoder.decodeQ4K(data, offset, out, 0);
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
            float d = Float.float16ToFloat(data.get(JAVA_SHORT_UNALIGNED, bo));
            float dmin = Float.float16ToFloat(data.get(JAVA_SHORT_UNALIGNED, bo + 2));
            for (int j = 0; j < 8; j++) {
                // sub-block j: the low nibbles (even j) or high nibbles (odd j) of 32 bytes
                long nibbles = bo + 16 + 32L * (j / 2);
                long xb = xo + (long) (8 * s + j) * Activations.BLOCK * Float.BYTES;
                FloatVector products = FloatVector.zero(F);
                FloatVector sums = FloatVector.zero(F);
                for (int l = 0; l < Activations.BLOCK; l += L) {
                    ByteVector packed = ByteVector.fromMemorySegment(B, data, nibbles + l, LE);
                    ByteVector values = (j & 1) == 0 ? packed.and((byte) 0x0F)
                            : packed.lanewise(VectorOperators.ASHR, 4).and((byte) 0x0F);
                    FloatVector xv = FloatVector.fromMemorySegment(F, q, xb + (long) l * Float.BYTES, LE);
                    products = Species.widen(values).fma(xv, products);
                    sums = sums.add(xv);
                }
                float xs = sc.get(JAVA_FLOAT_UNALIGNED, so + (long) (8 * s + j) * Float.BYTES);
                float scale = d * RowDecoder.scaleK4(data, bo + 4, j, false) * xs;
                float min = -dmin * RowDecoder.scaleK4(data, bo + 4, j, true) * xs;
                acc = products.fma(FloatVector.broadcast(F, scale), acc);
                acc = sums.fma(FloatVector.broadcast(F, min), acc);
            }
        }
        return VectorMath.sum(acc);
    }
}
