package org.longscope.kv.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    @Test
    void expIsAccurateAndScalarMatchesVectorBitForBit() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        for (float start = -90f; start < 88f; start += 0.37f * lanes) {
            for (int i = 0; i < lanes; i++) {
                x[i] = start + 0.37f * i;
            }
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < lanes; i++) {
                assertEquals(Float.floatToIntBits(VectorMath.exp(x[i])), Float.floatToIntBits(y[i]), "x=" + x[i]);
                if (x[i] >= -87f && x[i] <= 88f) {
                    assertEquals(Math.exp(x[i]), y[i], Math.exp(x[i]) * 3e-7, "x=" + x[i]);
                } else if (x[i] < -87f) {
                    assertEquals(0f, y[i]);
                }
            }
        }
        assertEquals(0f, VectorMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(1f, VectorMath.exp(0f));
    }

    @Test
    void sumAddsEveryLane() {
        float[] x = new float[FloatVector.SPECIES_PREFERRED.length()];
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 1.5f - 3;
            expected += x[i];
        }
        assertEquals(expected, VectorMath.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)), 1e-5);
    }
}
