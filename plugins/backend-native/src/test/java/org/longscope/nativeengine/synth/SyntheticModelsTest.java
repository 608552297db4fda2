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
import org.longscope.api.kv.KvCache;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.engine.Transformer;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.loading.ModelLoader;
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

    /**
     * Q4_K and Q6_K need rows of 256: a Llama shape with hidden 256 stores every matrix in the K-quant.
     * Its logits after a prefill and two decode steps follow the same weights in F32 closely.
     */
    @Test
    void kQuantGgufsRunCloseToTheirF32Weights() {
        ModelShape shape = new ModelShape("k-quant-llama", "llama", 0, 256, 512, 2, 4, 2, 64, 4096, 1e-5f, 10_000, null,
                false, false, false);
        float[] reference = lastLogits(SyntheticModels.write(new Request(shape, GgmlType.F32, Format.GGUF,
                dir.resolve("k-f32.gguf"), 5, 0, TinyModels.microTokenizer(), 0)));
        for (GgmlType t : new GgmlType[] {GgmlType.Q6_K, GgmlType.Q4_K}) {
            Path gguf = SyntheticModels.write(new Request(shape, t, Format.GGUF, dir.resolve("k-" + t + ".gguf"), 5, 0,
                    TinyModels.microTokenizer(), 0));
            try (LoadedModel m = ModelLoader.load(gguf)) {
                for (String name : new String[] {"blk.0.attn_q.weight", "blk.1.ffn_down.weight", "output.weight"}) {
                    assertEquals(t, m.tensors().get(name).type(), name);
                }
            }
            float[] logits = lastLogits(gguf);
            double correlation = correlation(reference, logits);
            // measured: Q6_K 0.9975, Q4_K 0.961 (random weights pass every rounding error on through two layers)
            assertTrue(correlation > (t == GgmlType.Q6_K ? 0.99 : 0.9), t + " logits correlate " + correlation + " with F32's");
        }
    }

    /** The logits after a 12-token prefill (4-token tiles) and two decode steps (matrix-vector products). */
    private static float[] lastLogits(Path model) {
        try (LoadedModel m = ModelLoader.load(model);
                ComputePool pool = new ComputePool(2);
                Transformer t = new Transformer(model.toString(), m.config(), m.tensors(), pool, 16);
                KvCache cache = new FullPolicy().create(t.geometry(64), Map.of())) {
            int vocab = m.config().vocabSize();
            int[] prompt = new java.util.Random(9).ints(12, 0, vocab).toArray();
            float[] last = new float[vocab];
            t.forward(prompt, prompt.length, 0, cache, prompt.length - 1, (i, logits, off) -> { });
            cache.endPrefill();
            for (int step = 0; step < 2; step++) {
                t.forward(new int[] {step + 1}, 1, prompt.length + step, cache, 0,
                        (i, logits, off) -> java.lang.foreign.MemorySegment.copy(logits, java.lang.foreign.ValueLayout.JAVA_FLOAT, off, last, 0, last.length));
            }
            return last;
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
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
