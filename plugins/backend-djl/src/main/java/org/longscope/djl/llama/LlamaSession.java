package org.longscope.djl.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * One sequence run through a {@link LlamaModel} with a KV cache: the prompt in one forward pass,
 * then one token per step. Every call frees its intermediate arrays; only the cache stays.
 * Not thread-safe: one sequence, one caller.
 */
public final class LlamaSession implements AutoCloseable {
    private final LlamaModel model;
    private final NDManager manager;
    private final KvState cache;

    public LlamaSession(LlamaModel model, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.cache = new KvState(model.config().layers());
    }

    /** Positions run so far. */
    public int length() {
        return cache.length();
    }

    /** Runs {@code tokens} after what is cached and returns the logits of the last one. */
    public float[] next(int... tokens) {
        try (NDScope scope = new NDScope()) {
            NDArray ids = ids(manager, tokens);
            return model.forward(ids, cache.length(), cache, true).toFloatArray();
        }
    }

    /** Logits of every position of a whole sequence from position 0, without touching the cache: {@code [n][vocab]}. */
    public float[][] logitsOfAll(int... tokens) {
        try (NDScope scope = new NDScope()) {
            float[] flat = model.forward(ids(manager, tokens), 0, null, false).toFloatArray();
            int vocab = model.config().vocabSize();
            float[][] out = new float[tokens.length][];
            for (int t = 0; t < tokens.length; t++) {
                out[t] = java.util.Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
            }
            return out;
        }
    }

    private static NDArray ids(NDManager manager, int[] tokens) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        return manager.create(ids, new Shape(1, tokens.length));
    }

    @Override
    public void close() {
        cache.close();
    }
}
