package org.longscope.nativeengine.synth;

import java.util.List;
import org.longscope.nativeengine.model.ModelConfig;

/**
 * The hyper-parameters of a synthetic model. {@code vocabSize <= 0} means "the tokenizer's size".
 */
public record ModelShape(String name, String architecture, int vocabSize, int hiddenSize, int intermediateSize,
        int layers, int heads, int kvHeads, int headDim, int contextLength, float rmsNormEps, double ropeTheta,
        ModelConfig.RopeScaling ropeScaling, boolean qkvBias, boolean qkNorm, boolean tiedEmbeddings) {

    public static final ModelShape QWEN2_5_0_5B = new ModelShape("qwen2.5-0.5b", "qwen2", 151936, 896, 4864, 24, 14, 2, 64,
            32768, 1e-6f, 1_000_000, null, true, false, true);
    public static final ModelShape LLAMA_3_2_1B = new ModelShape("llama-3.2-1b", "llama", 128256, 2048, 8192, 16, 32, 8, 64,
            131072, 1e-5f, 500_000, new ModelConfig.RopeScaling(32, 1, 4, 8192), false, false, true);
    public static final ModelShape QWEN3_0_6B = new ModelShape("qwen3-0.6b", "qwen3", 151936, 1024, 3072, 28, 16, 8, 128,
            40960, 1e-6f, 1_000_000, null, false, true, true);
    /** Llama with llama3 RoPE scaling and an untied output: exercises rope_freqs and the output matrix. */
    public static final ModelShape TINY_LLAMA = new ModelShape("tiny-llama", "llama", 0, 64, 128, 2, 4, 2, 16,
            4096, 1e-5f, 500_000, new ModelConfig.RopeScaling(8, 1, 4, 256), false, false, false);
    public static final ModelShape TINY_QWEN2 = new ModelShape("tiny-qwen2", "qwen2", 0, 64, 128, 2, 4, 2, 16,
            4096, 1e-6f, 1_000_000, null, true, false, true);
    /** Qwen3 with a head dimension independent of hidden/heads, as the real Qwen3 models have. */
    public static final ModelShape TINY_QWEN3 = new ModelShape("tiny-qwen3", "qwen3", 0, 64, 128, 2, 4, 2, 32,
            4096, 1e-6f, 1_000_000, null, false, true, false);

    public static List<ModelShape> all() {
        return List.of(QWEN2_5_0_5B, LLAMA_3_2_1B, QWEN3_0_6B, TINY_LLAMA, TINY_QWEN2, TINY_QWEN3);
    }

    /** The shape of a name, or {@code null}. */
    public static ModelShape byName(String name) {
        for (ModelShape s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The config a loader will report for this shape, with the given vocabulary size. */
    public ModelConfig config(int vocab, boolean ropeInterleaved, int numLabels) {
        return new ModelConfig(architecture, vocab, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim,
                contextLength, rmsNormEps, ropeTheta, ropeScaling, ropeInterleaved, qkvBias, qkNorm, tiedEmbeddings, numLabels);
    }
}
