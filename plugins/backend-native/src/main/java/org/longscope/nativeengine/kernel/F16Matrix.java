package org.longscope.nativeengine.kernel;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** IEEE half-precision weights. */
final class F16Matrix extends HalfMatrix {
    F16Matrix(String name, int rows, int cols, MemorySegment data) {
        super(name, rows, cols, data);
    }

    @Override
    FloatVector load(long offset) {
        return Halfs.f16(data, offset);
    }

    @Override
    float toFloat(short bits) {
        return Float.float16ToFloat(bits);
    }
}
