package org.longscope.nativeengine.model;

import java.util.Map;

/**
 * RoPE inverse frequencies of a model, one per rotated pair: {@code theta^(-2i/headDim)}, divided by
 * the Llama 3.1 smoothing factors. The factors come from {@code config.json}'s {@code rope_scaling}
 * ({@link ModelConfig#ropeScaling()}) or, in GGUF files, from the {@code rope_freqs.weight} tensor
 * that llama.cpp's converter computed with the same formula. The one place the formula lives.
 */
public final class RopeFrequencies {
    private RopeFrequencies() {
    }

    public static double[] inverseFrequencies(ModelConfig c, Map<String, Tensor> tensors) {
        int half = c.headDim() / 2;
        double[] inv = baseInverseFrequencies(c.ropeTheta(), c.headDim());
        Tensor freqs = tensors == null ? null : tensors.get("rope_freqs.weight");
        if (freqs != null) {
            float[] f = RowDecoder.toFloats(freqs);
            for (int i = 0; i < half; i++) {
                inv[i] /= f[i];
            }
        } else if (c.ropeScaling() != null) {
            double[] f = llama3Factors(c.ropeScaling(), inv);
            for (int i = 0; i < half; i++) {
                inv[i] /= f[i];
            }
        }
        return inv;
    }

    /** {@code theta^(-2i/headDim)} for each pair i, without scaling. */
    public static double[] baseInverseFrequencies(double theta, int headDim) {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = Math.pow(theta, -2.0 * i / headDim);
        }
        return inv;
    }

    /**
     * The llama3 divisors of the base inverse frequencies (transformers' {@code _compute_llama3_parameters},
     * as convert_hf_to_gguf.py writes them to {@code rope_freqs}).
     */
    public static double[] llama3Factors(ModelConfig.RopeScaling s, double[] baseInverseFrequencies) {
        double lowFreqWavelen = s.originalContextLength() / s.lowFreqFactor();
        double highFreqWavelen = s.originalContextLength() / s.highFreqFactor();
        double[] factors = new double[baseInverseFrequencies.length];
        for (int i = 0; i < factors.length; i++) {
            double wavelen = 2 * Math.PI / baseInverseFrequencies[i];
            if (wavelen < highFreqWavelen) {
                factors[i] = 1;
            } else if (wavelen > lowFreqWavelen) {
                factors[i] = s.factor();
            } else {
                double smooth = (s.originalContextLength() / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                factors[i] = 1 / ((1 - smooth) / s.factor() + smooth);
            }
        }
        return factors;
    }
}
