package org.longscope.djl.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Attention taken a chunk of queries at a time gives the logits and the gradients of attention over
 * all queries at once (up to float rounding): whole sequences, uneven last chunks, and a
 * continuation that extends a cache.
 */
class ChunkedAttentionTest {
    private static final LlamaConfig CONFIG = new LlamaConfig("llama", 64, 64, 128, 2, 4, 2, 16, 1024, 1e-5f, 10000,
            null, false, false, false);

    @Test
    void wholeSequencesGiveTheSameLogitsAndGradients() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray tokens = tokens(manager, 2, 300, 5);
            NDArray weights = manager.randomNormal(new Shape(2, 300, CONFIG.vocabSize()));
            Result all = run(manager, 0, tokens, weights);
            for (int chunk : new int[] {64, 100, 299}) {
                Result chunked = run(manager, chunk, tokens, weights);
                assertClose(all.logits, chunked.logits, 1e-5f, "logits, chunk " + chunk);
                for (String name : all.gradients.keySet()) {
                    assertClose(all.gradients.get(name), chunked.gradients.get(name), 1e-4f,
                            "gradient of " + name + ", chunk " + chunk);
                }
            }
        }
    }

    @Test
    void aContinuationOverACacheGivesTheSameLogits() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray prompt = tokens(manager, 1, 100, 7);
            NDArray more = tokens(manager, 1, 150, 8);
            float[][] byChunk = new float[2][];
            int[] chunks = {0, 32};
            for (int i = 0; i < chunks.length; i++) {
                LlamaModel model = model(manager, chunks[i]);
                try (KvState cache = new KvState(CONFIG.layers())) {
                    model.forward(prompt, 0, cache, false);
                    byChunk[i] = model.forward(more, 100, cache, false).toFloatArray();
                    assertEquals(250, cache.length());
                }
            }
            assertClose(byChunk[0], byChunk[1], 1e-5f, "logits of the continuation");
        }
    }

    @Test
    void aNegativeChunkIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LlamaModel(CONFIG).setAttentionChunk(-1));
        assertEquals("attention chunk must be >= 0, got -1", e.getMessage());
    }

    private record Result(float[] logits, Map<String, float[]> gradients) {
    }

    private static Result run(NDManager manager, int chunk, NDArray tokens, NDArray weights) {
        LlamaModel model = model(manager, chunk);
        Map<String, NDArray> parameters = model.parameterArrays();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        float[] logits;
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray out = model.forward(tokens, 0, null, false);
            logits = out.toFloatArray();
            collector.backward(out.mul(weights).sum());
        }
        Map<String, float[]> gradients = new LinkedHashMap<>();
        parameters.forEach((name, p) -> gradients.put(name, p.getGradient().toFloatArray()));
        return new Result(logits, gradients);
    }

    /** The same random weights (scaled up, so attention is far from uniform) for every chunk size. */
    private static LlamaModel model(NDManager manager, int chunk) {
        LlamaModel model = new LlamaModel(CONFIG);
        model.setAttentionChunk(chunk);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        model.parameterShapes().forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = shape.dimension() == 1 ? 1 : (float) ((random.nextDouble() - 0.5) * 0.8);
            }
            tensors.put(name, manager.create(values, shape));
        });
        model.setParameters(tensors, "test");
        return model;
    }

    private static NDArray tokens(NDManager manager, int batch, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[batch * n];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(CONFIG.vocabSize());
        }
        return manager.create(ids, new Shape(batch, n));
    }

    /** Elementwise within {@code tolerance} of the larger of 1 and the expected values' largest magnitude. */
    private static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * scale,
                    what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
