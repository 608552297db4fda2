package org.longscope.nativeengine.kernel;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** bfloat16 weights: the upper half of an F32. */
final class BF16Matrix extends HalfMatrix {
    BF16Matrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
    }

    @Override
    FloatVector load(long offset) {
        return Halfs.bf16(data, offset);
    }

    @Override
    float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
