package org.longscope.nativeengine.model;

/**
 * Hyper-parameters of a Llama-family decoder, read from {@code config.json} or GGUF metadata.
 *
 * @param architecture       {@code llama}, {@code mistral}, {@code qwen2} or {@code qwen3}
 * @param vocabSize          rows of the embedding
 * @param hiddenSize         model width
 * @param intermediateSize   FFN width
 * @param layers             decoder layers
 * @param heads              query heads
 * @param kvHeads            key/value heads
 * @param headDim            dimension of one head (Qwen3 sets it independently of hiddenSize/heads)
 * @param contextLength      maximum positions
 * @param rmsNormEps         RMSNorm epsilon
 * @param ropeTheta          RoPE base
 * @param ropeScaling        llama3-style frequency scaling, or {@code null}
 * @param ropeInterleaved    true when q/k weights use interleaved pairs (GGUF Llama permutation);
 *                           false for rotate-half (Hugging Face, GGUF Qwen2/Qwen3)
 * @param qkvBias            q/k/v projections have biases (Qwen2)
 * @param qkNorm             per-head RMSNorm of q and k (Qwen3)
 * @param tiedEmbeddings     the output projection is the embedding
 * @param numLabels          > 0 for a sequence-classification (reward) head {@code score.weight}
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int contextLength,
        float rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean ropeInterleaved,
        boolean qkvBias,
        boolean qkNorm,
        boolean tiedEmbeddings,
        int numLabels) {

    /**
     * Llama 3.1 frequency smoothing ({@code rope_scaling.rope_type = llama3}).
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
            int originalContextLength) {
    }
}
