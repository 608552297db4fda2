package org.longscope.nativeengine.model;

/**
 * A tensor to be written: canonical name, storage type, shape (outermost first) and its values.
 */
public record TensorSpec(String name, GgmlType type, long[] shape, RowSource rows) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long columns() {
        return shape[shape.length - 1];
    }

    public long rowCount() {
        long n = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            n *= shape[i];
        }
        return n;
    }

    public long bytes() {
        return type.bytesFor(rowCount() * columns());
    }
}
