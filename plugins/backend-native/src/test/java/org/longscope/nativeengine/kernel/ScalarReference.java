package org.longscope.nativeengine.kernel;

/** Plain scalar definitions the vector kernels are checked against. */
final class ScalarReference {
    private ScalarReference() {
    }

    /** llama.cpp's quantize_row_q8_0 followed by dequantization (scale kept in F32). */
    static float[] quantizeQ8(float[] x) {
        float[] q = new float[x.length];
        for (int b = 0; b < x.length / 32; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            float d = amax / 127f;
            float id = d == 0 ? 0 : 1 / d;
            for (int j = 0; j < 32; j++) {
                q[b * 32 + j] = Math.round(x[b * 32 + j] * id) * d;
            }
        }
        return q;
    }
}
