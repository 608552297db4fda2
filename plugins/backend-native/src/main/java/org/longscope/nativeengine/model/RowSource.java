package org.longscope.nativeengine.model;

/**
 * Produces a tensor's values one row at a time (a row is the innermost dimension), so writers can
 * stream tensors larger than the heap.
 */
@FunctionalInterface
public interface RowSource {

    /** Fills {@code out} (length = columns) with row {@code row}. */
    void row(long row, float[] out);
}
