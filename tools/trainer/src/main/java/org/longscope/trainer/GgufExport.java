package org.longscope.trainer;

import java.nio.file.Path;
import org.longscope.nativeengine.gguf.GgufWriter;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.model.RowDecoder;
import org.longscope.nativeengine.model.RowSource;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.model.TensorSpec;
import org.longscope.nativeengine.tokenizer.TokenizerJson;

/**
 * Converts a Hugging Face model directory to one GGUF file with the native engine's reader and
 * writer, as llama.cpp's {@code convert_hf_to_gguf.py} does for Llama: metadata under the
 * architecture's keys, the tokenizer as a GGUF vocabulary with the chat template, and q/k rows
 * permuted from rotate-half to interleaved RoPE pairs.
 */
final class GgufExport {
    private GgufExport() {
    }

    static void write(Path hfDir, Path gguf, GgmlType matrixType, String name) {
        try (LoadedModel m = ModelLoader.load(hfDir)) {
            ModelConfig c = m.config();
            String arch = c.architecture();
            GgufWriter w = new GgufWriter();
            w.put("general.architecture", arch);
            w.put("general.name", name);
            w.putUint32("general.alignment", 32);
            w.putUint32("general.file_type", matrixType == GgmlType.F16 ? 1 : matrixType == GgmlType.Q8_0 ? 7 : 0);
            w.putUint32(arch + ".vocab_size", c.vocabSize());
            w.putUint32(arch + ".context_length", c.contextLength());
            w.putUint32(arch + ".embedding_length", c.hiddenSize());
            w.putUint32(arch + ".block_count", c.layers());
            w.putUint32(arch + ".feed_forward_length", c.intermediateSize());
            w.putUint32(arch + ".attention.head_count", c.heads());
            w.putUint32(arch + ".attention.head_count_kv", c.kvHeads());
            w.putUint32(arch + ".attention.key_length", c.headDim());
            w.putUint32(arch + ".attention.value_length", c.headDim());
            w.putUint32(arch + ".rope.dimension_count", c.headDim());
            w.putFloat32(arch + ".rope.freq_base", c.ropeTheta());
            w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", c.rmsNormEps());
            TokenizerJson.toGgufVocabulary(hfDir.resolve("tokenizer.json"), hfDir.resolve("tokenizer_config.json"),
                    c.vocabSize()).writeTo(w);
            if (m.chatTemplate() != null) {
                w.put("tokenizer.chat_template", m.chatTemplate());
            }
            boolean interleaved = arch.equals("llama") || arch.equals("mistral");
            for (Tensor t : m.tensors().values()) {
                long cols = t.shape()[t.shape().length - 1];
                RowSource rows = (row, out) -> RowDecoder.decode(t, row * cols, out);
                if (interleaved && (t.name().endsWith("attn_q.weight") || t.name().endsWith("attn_k.weight"))) {
                    rows = permuteForInterleavedRope(rows, c.headDim());
                }
                GgmlType type = t.shape().length == 2 ? matrixType : GgmlType.F32;
                w.add(new TensorSpec(t.name(), type, t.shape(), rows));
            }
            w.write(gguf);
        }
    }

    /** convert_hf_to_gguf.py's {@code LlamaModel.permute}: rows (half, i) of each head move to (i, half). */
    static RowSource permuteForInterleavedRope(RowSource rows, int headDim) {
        return (row, out) -> {
            long head = row / headDim;
            int rem = (int) (row % headDim);
            rows.row(head * headDim + (long) (rem % 2) * (headDim / 2) + rem / 2, out);
        };
    }
}
