package org.longscope.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimizer's guard: a step whose gradients overflowed changes nothing. */
class AdamWTest {
    @Test
    void aStepWithNonFiniteGradientsIsSkippedAndTheNextOneApplies() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray w = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            w.setRequiresGradient(true);
            AdamW adam = new AdamW(Map.of("w", w), 0.9, 0.95, 1e-8, 0);
            backward(manager, w, Float.POSITIVE_INFINITY);
            float[] before = w.toFloatArray();
            double norm = adam.step(0.1, 1.0);
            assertFalse(Double.isFinite(norm));
            assertArrayEquals(before, w.toFloatArray(), "weights untouched");
            assertEquals(0, adam.steps(), "a skipped step is not counted");
            backward(manager, w, 1);
            assertTrue(Double.isFinite(adam.step(0.1, 1.0)));
            assertEquals(1, adam.steps());
            for (int i = 0; i < 4; i++) {
                assertEquals(before[i] - 0.1f, w.toFloatArray()[i], 1e-5, "first Adam step moves by the learning rate");
            }
        }
    }

    /** Gradient of {@code scale * sum(w)}: {@code scale} everywhere. */
    private static void backward(NDManager manager, NDArray w, float scale) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(w.sum().mul(scale));
        }
    }
}
