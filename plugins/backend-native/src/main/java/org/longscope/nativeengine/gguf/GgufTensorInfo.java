package org.longscope.nativeengine.gguf;

import java.util.Arrays;
import org.longscope.nativeengine.model.GgmlType;

/**
 * A tensor entry of a GGUF header.
 *
 * @param name   tensor name as stored
 * @param type   storage type
 * @param shape  dimensions outermost first (the reverse of GGUF's order)
 * @param offset byte offset of the data relative to the start of the data section
 * @param bytes  size of the data in bytes
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset, long bytes) {

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + offset;
    }
}
