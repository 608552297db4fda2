package org.longscope.nativeengine.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static org.longscope.nativeengine.kernel.Species.F;
import static org.longscope.nativeengine.kernel.Species.L;
import static org.longscope.nativeengine.kernel.Species.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Rotary position embedding. Dimension pairs are {@code (2i, 2i+1)} when interleaved (GGUF Llama,
 * whose q/k weights were permuted for it) and {@code (i, i + d/2)} for rotate-half (Hugging Face,
 * GGUF Qwen2/Qwen3). Pair i turns by {@code position * inverseFrequency[i]}.
 *
 * <p>Angles of a chunk are computed once per token by {@link #prepare} and shared by every head
 * and layer of that chunk.
 */
public final class Rope {
    private final int headDim;
    private final int half;
    private final boolean interleaved;
    private final float[] inverseFrequencies;
    private final float[] cos;
    private final float[] sin;

    /**
     * @param capacity most tokens per chunk
     */
    public Rope(int headDim, float[] inverseFrequencies, boolean interleaved, int capacity) {
        if (headDim % 2 != 0 || inverseFrequencies.length != headDim / 2) {
            throw new IllegalArgumentException("RoPE needs headDim/2 = " + headDim / 2 + " frequencies, got "
                    + inverseFrequencies.length + " for head dim " + headDim);
        }
        this.headDim = headDim;
        this.half = headDim / 2;
        this.interleaved = interleaved;
        this.inverseFrequencies = inverseFrequencies.clone();
        this.cos = new float[capacity * half];
        this.sin = new float[capacity * half];
    }

    /** {@code theta^(-2i/d)} for i in [0, d/2): the unscaled frequencies. */
    public static float[] baseFrequencies(int headDim, double theta) {
        float[] f = new float[headDim / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
        }
        return f;
    }

    /**
     * Llama 3.1 frequency smoothing ({@code rope_type = llama3}): long wavelengths are divided by
     * {@code factor}, short ones kept, the band between interpolated.
     */
    public static float[] llama3Scaled(float[] base, double factor, double lowFreqFactor, double highFreqFactor,
            int originalContextLength) {
        double lowFreqWavelen = originalContextLength / lowFreqFactor;
        double highFreqWavelen = originalContextLength / highFreqFactor;
        float[] f = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            double freq = base[i];
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highFreqWavelen) {
                f[i] = (float) freq;
            } else if (wavelen > lowFreqWavelen) {
                f[i] = (float) (freq / factor);
            } else {
                double smooth = (originalContextLength / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                f[i] = (float) ((1 - smooth) * freq / factor + smooth * freq);
            }
        }
        return f;
    }

    /** Frequencies divided by per-pair factors, as GGUF's {@code rope_freqs.weight} (llama.cpp's freq_factors). */
    public static float[] divided(float[] base, float[] factors) {
        if (factors.length != base.length) {
            throw new IllegalArgumentException("rope_freqs has " + factors.length + " factors, expected " + base.length);
        }
        float[] f = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            f[i] = base[i] / factors[i];
        }
        return f;
    }

    public float[] inverseFrequencies() {
        return inverseFrequencies.clone();
    }

    public boolean interleaved() {
        return interleaved;
    }

    /** Computes the angles of {@code n} tokens at positions {@code position ..}. */
    public void prepare(int position, int n) {
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < half; i++) {
                double angle = (double) (position + t) * inverseFrequencies[i];
                cos[t * half + i] = (float) Math.cos(angle);
                sin[t * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /** Rotates {@code heads} consecutive heads of token {@code t} (of the last {@link #prepare}) at byte offset {@code off}. */
    public void apply(MemorySegment x, long off, int heads, int t) {
        int base = t * half;
        for (int h = 0; h < heads; h++) {
            long ho = off + (long) h * headDim * Float.BYTES;
            if (interleaved) {
                for (int i = 0; i < half; i++) {
                    long o = ho + (long) 2 * i * Float.BYTES;
                    float a = x.get(JAVA_FLOAT_UNALIGNED, o);
                    float b = x.get(JAVA_FLOAT_UNALIGNED, o + Float.BYTES);
                    float c = cos[base + i];
                    float s = sin[base + i];
                    x.set(JAVA_FLOAT_UNALIGNED, o, a * c - b * s);
                    x.set(JAVA_FLOAT_UNALIGNED, o + Float.BYTES, a * s + b * c);
                }
            } else {
                long secondHalf = (long) half * Float.BYTES;
                int i = 0;
                for (; i + L <= half; i += L) {
                    long o = ho + (long) i * Float.BYTES;
                    FloatVector a = FloatVector.fromMemorySegment(F, x, o, LE);
                    FloatVector b = FloatVector.fromMemorySegment(F, x, o + secondHalf, LE);
                    FloatVector c = FloatVector.fromArray(F, cos, base + i);
                    FloatVector s = FloatVector.fromArray(F, sin, base + i);
                    a.mul(c).sub(b.mul(s)).intoMemorySegment(x, o, LE);
                    b.mul(c).add(a.mul(s)).intoMemorySegment(x, o + secondHalf, LE);
                }
                for (; i < half; i++) {
                    long o = ho + (long) i * Float.BYTES;
                    float a = x.get(JAVA_FLOAT_UNALIGNED, o);
                    float b = x.get(JAVA_FLOAT_UNALIGNED, o + secondHalf);
                    float c = cos[base + i];
                    float s = sin[base + i];
                    x.set(JAVA_FLOAT_UNALIGNED, o, a * c - b * s);
                    x.set(JAVA_FLOAT_UNALIGNED, o + secondHalf, b * c + a * s);
                }
            }
        }
    }
}
