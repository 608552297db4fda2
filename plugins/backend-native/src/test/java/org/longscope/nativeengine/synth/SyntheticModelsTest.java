package org.longscope.nativeengine.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.ModelLoader;
import org.longscope.nativeengine.model.RopeFrequencies;
import org.longscope.nativeengine.model.RowDecoder;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.model.TinyModels;
import org.longscope.nativeengine.synth.SyntheticModels.Format;
import org.longscope.nativeengine.synth.SyntheticModels.Request;

class SyntheticModelsTest {
    @TempDir
    Path dir;

    @Test
    void sameWeightsInGgufAndHuggingFaceForEveryTinyShape() {
        for (ModelShape shape : new ModelShape[] {ModelShape.TINY_LLAMA, ModelShape.TINY_QWEN2, ModelShape.TINY_QWEN3}) {
            Path gguf = SyntheticModels.write(Request.of(shape, GgmlType.F32, Format.GGUF, dir.resolve(shape.name() + ".gguf"), 7));
            Path hf = SyntheticModels.write(Request.of(shape, GgmlType.F32, Format.HF, dir.resolve(shape.name()), 7));
            try (LoadedModel g = ModelLoader.load(gguf); LoadedModel h = ModelLoader.load(hf)) {
                ModelConfig gc = g.config();
                ModelConfig hc = h.config();
                boolean llama = shape.architecture().equals("llama");
                assertEquals(shape.config(hc.vocabSize(), false, 0), hc, shape.name());
                assertEquals(llama, gc.ropeInterleaved(), shape.name());
                assertEquals(null, gc.ropeScaling()); // GGUF carries llama3 scaling as rope_freqs.weight
                assertEquals(shape.ropeScaling() != null, g.tensors().containsKey("rope_freqs.weight"));
                assertEquals(hc.vocabSize(), gc.vocabSize());
                assertEquals(shape.tiedEmbeddings(), gc.tiedEmbeddings());
                assertEquals(shape.qkvBias(), gc.qkvBias());
                assertEquals(shape.qkNorm(), gc.qkNorm());
                // same RoPE frequencies: from rope_freqs.weight in GGUF, from config.json's rope_scaling in HF
                assertArrayEquals(RopeFrequencies.inverseFrequencies(hc, h.tensors()),
                        RopeFrequencies.inverseFrequencies(gc, g.tensors()), 1e-6);
                for (Map.Entry<String, Tensor> e : h.tensors().entrySet()) {
                    Tensor ht = e.getValue();
                    Tensor gt = g.tensors().get(e.getKey());
                    assertNotNull(gt, e.getKey());
                    assertArrayEquals(ht.shape(), gt.shape(), e.getKey());
                    float[] hv = RowDecoder.toFloats(ht);
                    float[] gv = RowDecoder.toFloats(gt);
                    boolean permuted = llama && (e.getKey().endsWith("attn_q.weight") || e.getKey().endsWith("attn_k.weight"));
                    if (permuted) {
                        gv = unpermute(gv, gt.rows(), gt.cols(), shape.headDim());
                    }
                    assertArrayEquals(hv, gv, e.getKey());
                }
                assertEquals(50_259, h.tokenizer().vocabularySize()); // GPT-2's 50,257 plus <|im_start|>, <|im_end|>
                assertEquals(gc.vocabSize(), g.tokenizer().vocabularySize());
                assertEquals(g.chatTemplate(), h.chatTemplate());
                assertEquals("<|im_end|>", g.eosToken());
                assertEquals("<|im_end|>", h.eosToken());
                assertFalse(g.addBos());
                assertFalse(h.addBos());
                String text = "Hello world! <|im_start|>user\nThe year 2024 has 366 days.<|im_end|>  spaces\t\ttabs";
                assertArrayEquals(h.tokenizer().encode(text, false), g.tokenizer().encode(text, false));
                assertEquals(text, g.tokenizer().decode(g.tokenizer().encode(text, false)));
            }
        }
    }

    /** Inverse of the GGUF permutation: interleaved row (h, i, half) back to rotate-half row (h, half, i). */
    private static float[] unpermute(float[] v, int rows, int cols, int headDim) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            int head = r / headDim;
            int rem = r % headDim;
            int src = head * headDim + (rem % 2) * (headDim / 2) + rem / 2;
            System.arraycopy(v, r * cols, out, src * cols, cols);
        }
        return out;
    }

    @Test
    void quantizedGgufLoadsWithQuantizedMatricesAndF32Norms() {
        for (GgmlType t : new GgmlType[] {GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
            Path gguf = SyntheticModels.write(new Request(ModelShape.TINY_QWEN2, t, Format.GGUF, dir.resolve("q-" + t + ".gguf"), 1, 0,
                    TinyModels.microTokenizer(), 0));
            try (LoadedModel m = ModelLoader.load(gguf)) {
                assertEquals(t, m.tensors().get("blk.0.ffn_up.weight").type());
                assertEquals(GgmlType.F32, m.tensors().get("blk.0.attn_norm.weight").type());
                assertEquals(GgmlType.F32, m.tensors().get("blk.0.attn_q.bias").type());
            }
        }
    }

    @Test
    void shardedHuggingFaceModelWithScoreHead() {
        Path hf = SyntheticModels.write(new Request(ModelShape.TINY_QWEN3, GgmlType.BF16, Format.HF, dir.resolve("sharded"), 3, 1,
                TinyModels.microTokenizer(), 64 << 10));
        assertTrue(Files.isRegularFile(hf.resolve("model.safetensors.index.json")));
        assertTrue(countShards(hf) > 1);
        try (LoadedModel m = ModelLoader.load(hf)) {
            assertEquals(1, m.config().numLabels());
            assertArrayEquals(new long[] {1, 64}, m.tensors().get("score.weight").shape());
            assertEquals(GgmlType.BF16, m.tensors().get("blk.1.ffn_down.weight").type());
        }
    }

    private static long countShards(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void commandLine() {
        Path out = SyntheticModels.run("--shape", "tiny-qwen3", "--dtype", "q8_0", "--format", "gguf",
                "--out", dir.resolve("cli.gguf").toString(), "--seed", "5");
        try (LoadedModel m = ModelLoader.load(out)) {
            assertEquals("qwen3", m.config().architecture());
            assertEquals(GgmlType.Q8_0, m.tensors().get("token_embd.weight").type());
        }
        assertThrows(InvalidInputException.class, () -> SyntheticModels.run("--shape", "nope", "--out", "x"));
        assertThrows(InvalidInputException.class, () -> SyntheticModels.run("--shape", "tiny-qwen2", "--dtype", "q4_0",
                "--format", "hf", "--out", dir.resolve("bad").toString()));
    }
}
