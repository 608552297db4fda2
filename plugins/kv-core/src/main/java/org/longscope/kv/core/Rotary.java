package org.longscope.kv.core;

import org.longscope.api.kv.CacheGeometry;

/**
 * Rotation of rotary-embedded rows by a position offset: {@code R(p + delta) x = R(delta) R(p) x},
 * so a key rotated at position p is moved to position {@code p + delta} without knowing its
 * unrotated form. Pairs are (2i, 2i+1) for interleaved RoPE and (i, i + d/2) for rotate-half.
 * Keeps the cos/sin of the last offset; one instance per thread.
 */
public final class Rotary {
    private final float[] frequencies;
    private final boolean interleaved;
    private final int half;
    private final float[] cos;
    private final float[] sin;
    private int preparedDelta;

    public Rotary(CacheGeometry.Rope rope, int headDim) {
        this.frequencies = rope.inverseFrequencies();
        this.interleaved = rope.interleaved();
        this.half = headDim / 2;
        if (frequencies.length != half) {
            throw new IllegalArgumentException("RoPE has " + frequencies.length + " frequencies, head dim "
                    + headDim + " needs " + half);
        }
        this.cos = new float[half];
        this.sin = new float[half];
        prepare(0);
    }

    /** Rotates {@code row[offset, offset + headDim)} in place by {@code delta} positions. */
    public void rotate(float[] row, int offset, int delta) {
        if (delta == 0) {
            return;
        }
        if (delta != preparedDelta) {
            prepare(delta);
        }
        for (int i = 0; i < half; i++) {
            int a = offset + (interleaved ? 2 * i : i);
            int b = offset + (interleaved ? 2 * i + 1 : i + half);
            float x = row[a];
            float y = row[b];
            row[a] = x * cos[i] - y * sin[i];
            row[b] = x * sin[i] + y * cos[i];
        }
    }

    private void prepare(int delta) {
        for (int i = 0; i < half; i++) {
            double angle = (double) delta * frequencies[i];
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
        preparedDelta = delta;
    }
}
