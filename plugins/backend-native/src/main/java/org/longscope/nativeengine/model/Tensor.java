package org.longscope.nativeengine.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A weight tensor backed by memory (usually a slice of a memory-mapped model file).
 *
 * @param name  canonical (GGUF-style) name, e.g. {@code blk.0.attn_q.weight}
 * @param type  storage type
 * @param shape dimensions outermost first: a matrix is {@code [rows, cols]} with rows contiguous,
 *              i.e. {@code [out_features, in_features]} as in PyTorch (GGUF's list is reversed)
 * @param data  exactly {@code type.bytesFor(elements())} bytes
 */
public record Tensor(String name, GgmlType type, long[] shape, MemorySegment data) {

    public Tensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public int rows() {
        return shape.length == 1 ? 1 : (int) (elements() / shape[shape.length - 1]);
    }

    public int cols() {
        return (int) shape[shape.length - 1];
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
