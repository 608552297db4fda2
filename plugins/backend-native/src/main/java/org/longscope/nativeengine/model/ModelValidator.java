package org.longscope.nativeengine.model;

import java.util.Arrays;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/**
 * Checks that a model's tensors are all there with the shapes its config implies, so that a bad file
 * fails at load time with the tensor's name instead of deep inside a kernel.
 */
public final class ModelValidator {
    private ModelValidator() {
    }

    public static void validate(String source, ModelConfig c, Map<String, Tensor> tensors) {
        checkConfig(source, c);
        int q = c.heads() * c.headDim();
        int kv = c.kvHeads() * c.headDim();
        require(source, tensors, "token_embd.weight", c.vocabSize(), c.hiddenSize());
        require(source, tensors, "output_norm.weight", c.hiddenSize());
        if (!c.tiedEmbeddings()) {
            require(source, tensors, "output.weight", c.vocabSize(), c.hiddenSize());
        }
        if (c.numLabels() > 0) {
            require(source, tensors, "score.weight", c.numLabels(), c.hiddenSize());
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "blk." + l + ".";
            require(source, tensors, p + "attn_norm.weight", c.hiddenSize());
            require(source, tensors, p + "attn_q.weight", q, c.hiddenSize());
            require(source, tensors, p + "attn_k.weight", kv, c.hiddenSize());
            require(source, tensors, p + "attn_v.weight", kv, c.hiddenSize());
            require(source, tensors, p + "attn_output.weight", c.hiddenSize(), q);
            if (c.qkvBias()) {
                require(source, tensors, p + "attn_q.bias", q);
                require(source, tensors, p + "attn_k.bias", kv);
                require(source, tensors, p + "attn_v.bias", kv);
            }
            if (c.qkNorm()) {
                require(source, tensors, p + "attn_q_norm.weight", c.headDim());
                require(source, tensors, p + "attn_k_norm.weight", c.headDim());
            }
            require(source, tensors, p + "ffn_norm.weight", c.hiddenSize());
            require(source, tensors, p + "ffn_gate.weight", c.intermediateSize(), c.hiddenSize());
            require(source, tensors, p + "ffn_up.weight", c.intermediateSize(), c.hiddenSize());
            require(source, tensors, p + "ffn_down.weight", c.hiddenSize(), c.intermediateSize());
        }
        Tensor freqs = tensors.get("rope_freqs.weight");
        if (freqs != null) {
            expectShape(source, freqs, c.headDim() / 2);
        }
    }

    private static void checkConfig(String source, ModelConfig c) {
        positive(source, "vocab size", c.vocabSize());
        positive(source, "hidden size", c.hiddenSize());
        positive(source, "intermediate size", c.intermediateSize());
        positive(source, "layer count", c.layers());
        positive(source, "head count", c.heads());
        positive(source, "key/value head count", c.kvHeads());
        positive(source, "head dimension", c.headDim());
        positive(source, "context length", c.contextLength());
        if (c.heads() % c.kvHeads() != 0) {
            throw new InvalidInputException(source, "head count " + c.heads() + " is not a multiple of the key/value head count " + c.kvHeads());
        }
        if (c.headDim() % 2 != 0) {
            throw new InvalidInputException(source, "head dimension " + c.headDim() + " must be even for RoPE");
        }
        if (!(c.rmsNormEps() > 0) || !(c.ropeTheta() > 0)) {
            throw new InvalidInputException(source, "RMSNorm epsilon and RoPE base must be positive, found "
                    + c.rmsNormEps() + " and " + c.ropeTheta());
        }
    }

    private static void positive(String source, String what, int v) {
        if (v <= 0) {
            throw new InvalidInputException(source, what + " must be positive, found " + v);
        }
    }

    private static void require(String source, Map<String, Tensor> tensors, String name, long... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new InvalidInputException(source + ": tensor " + name, "missing (expected shape " + Arrays.toString(shape) + ")");
        }
        expectShape(source, t, shape);
    }

    private static void expectShape(String source, Tensor t, long... shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new InvalidInputException(source + ": tensor " + t.name(), "wrong shape " + Arrays.toString(t.shape())
                    + " for the model's config, expected " + Arrays.toString(shape));
        }
    }
}
