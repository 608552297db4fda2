package org.longscope.nativeengine.gguf;

import java.lang.reflect.Array;

/**
 * A GGUF array value. {@code values} is a Java array matching the element type: {@code byte[]}
 * (UINT8, INT8), {@code short[]} (UINT16, INT16), {@code int[]} (UINT32, INT32), {@code long[]}
 * (UINT64, INT64), {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]}, or
 * {@code GgufArray[]} for nested arrays. Unsigned values keep their bits.
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public int length() {
        return Array.getLength(values);
    }
}
