package org.longscope.djl.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys (after RoPE) and values of the positions a sequence has run so far, per layer, as
 * {@code (batch, kvHeads, positions, headDim)} arrays. Each append replaces a layer's arrays with
 * their concatenation with the new ones. The arrays outlive any {@link NDScope} the forward pass
 * runs in; {@link #close()} frees them.
 */
public final class KvState implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;

    public KvState(int layers) {
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions stored (those of layer 0). */
    public int length() {
        return keys[0] == null ? 0 : Math.toIntExact(keys[0].getShape().get(2));
    }

    /** Appends n new positions to a layer and returns the layer's keys and values, old and new. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray newKeys = keys[layer] == null ? k.duplicate() : keys[layer].concat(k, 2);
        NDArray newValues = values[layer] == null ? v.duplicate() : values[layer].concat(v, 2);
        NDScope.unregister(newKeys, newValues);
        close(layer);
        keys[layer] = newKeys;
        values[layer] = newValues;
        return new NDArray[] {newKeys, newValues};
    }

    private void close(int layer) {
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            close(l);
            keys[l] = null;
            values[l] = null;
        }
    }
}
