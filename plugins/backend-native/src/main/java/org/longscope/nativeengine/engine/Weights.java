package org.longscope.nativeengine.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.kernel.WeightMatrix;
import org.longscope.nativeengine.model.Tensor;

/** Looks up a model's tensors by name and checks their shapes against the config. */
final class Weights {
    private final String source;
    private final Map<String, Tensor> tensors;
    private final Arena arena;

    Weights(String source, Map<String, Tensor> tensors, Arena arena) {
        this.source = source;
        this.tensors = tensors;
        this.arena = arena;
    }

    private Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new InvalidInputException(source + ": tensor " + name, "missing; the model config needs it");
        }
        return t;
    }

    /** A {@code [rows, cols]} matrix. */
    WeightMatrix matrix(String name, int rows, int cols) {
        Tensor t = require(name);
        long[] shape = t.shape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
            throw new InvalidInputException(source + ": tensor " + name, "expected shape [" + rows + ", " + cols
                    + "] for the config, got " + Arrays.toString(shape));
        }
        try {
            return WeightMatrix.of(t);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new InvalidInputException(source + ": tensor " + name, e.getMessage(), e);
        }
    }

    /** A vector of {@code n} elements (norm weight, bias), widened to F32 in memory owned by the arena. */
    MemorySegment vector(String name, int n) {
        Tensor t = require(name);
        if (t.elements() != n) {
            throw new InvalidInputException(source + ": tensor " + name, "expected " + n + " elements for the config, got "
                    + Arrays.toString(t.shape()));
        }
        Tensor row = new Tensor(name, t.type(), new long[] {n}, t.data());
        MemorySegment out = arena.allocate((long) n * Float.BYTES, 64);
        WeightMatrix.of(row).dequantizeRow(0, out, 0);
        return out;
    }
}
