package org.longscope.nativeengine.kernel;

import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.I;
import static org.longscope.nativeengine.kernel.Species.LE;
import static org.longscope.nativeengine.kernel.Species.S;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** Vector widening of 16-bit floats to F32. */
final class Halfs {
    private static final float F16_EXPONENT_SHIFT = 0x1p112f;

    private Halfs() {
    }

    /**
     * {@link Species#L} IEEE halves at {@code offset} as floats. Exponent and mantissa shifted into
     * F32 position and scaled by 2^112 (the bias difference) give every finite half exactly,
     * subnormals included; infinities and NaNs, absent from weights, are not preserved.
     */
    static FloatVector f16(MemorySegment seg, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, seg, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        FloatVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats()
                .mul(F16_EXPONENT_SHIFT);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** {@link Species#L} bfloat16 values at {@code offset} as floats. */
    static FloatVector bf16(MemorySegment seg, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, seg, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    static {
        if (I.length() != F.length() || S.length() != F.length()) {
            throw new IllegalStateException("species lane counts differ: " + F + " " + I + " " + S);
        }
    }
}
