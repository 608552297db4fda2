package org.longscope.nativeengine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.ServiceRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.model.Completion;
import org.longscope.api.model.Decoding;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelRef;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.engine.ReferenceKvCache;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SyntheticModels;
import org.longscope.nativeengine.synth.SyntheticModels.Format;

/**
 * The {@code native} backend end to end on synthetic models written to disk by the model writers:
 * the same weights as GGUF and as a Hugging Face directory give the same log-probabilities and
 * text; generation honours limits, stop strings, seeds and the KV method of each request.
 */
class NativeBackendTest {
    @TempDir
    static Path dir;
    private static Path llamaGguf;
    private static Path llamaHf;
    private static Path qwen2Reward;

    private static final String PROMPT = "The quick brown fox jumps over the lazy dog. Once upon a time";

    @BeforeAll
    static void writeModels() {
        llamaGguf = SyntheticModels.write(SyntheticModels.Request.of(ModelShape.TINY_LLAMA, GgmlType.F32, Format.GGUF,
                dir.resolve("llama.gguf"), 11));
        llamaHf = SyntheticModels.write(SyntheticModels.Request.of(ModelShape.TINY_LLAMA, GgmlType.F32, Format.HF,
                dir.resolve("llama-hf"), 11));
        qwen2Reward = SyntheticModels.write(new SyntheticModels.Request(ModelShape.TINY_QWEN2, GgmlType.F32, Format.HF,
                dir.resolve("qwen2-reward"), 5, 1, null, 0));
    }

    /** A backend wired as DS would: kv-core's {@code full} plus an independent scalar reference cache, in the registry. */
    static NativeBackend backend() {
        ServiceRegistry registry = new ServiceRegistry();
        Origin origin = new Origin("org.longscope.backend.nativeengine.tests", "1.0.0");
        registry.add("kv", "full", new FullPolicy(), origin, null);
        registry.add("kv", "reference", new KvCachePolicy() {
            @Override
            public List<ParamSpec> parameters() {
                return List.of();
            }

            @Override
            public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
                return new ReferenceKvCache(geometry);
            }
        }, origin, null);
        return new NativeBackend(registry);
    }

    private static LanguageModel open(Path p, Map<String, Object> options) throws IOException {
        return backend().open(new ModelRef(p.toString()), options);
    }

    @Test
    void opensGgufFilesAndModelDirectoriesOnly() throws IOException {
        NativeBackend b = backend();
        assertTrue(b.canOpen(new ModelRef(llamaGguf.toString())));
        assertTrue(b.canOpen(new ModelRef(llamaHf.toString())));
        assertFalse(b.canOpen(new ModelRef(dir.toString())));
        Path text = Files.writeString(dir.resolve("notes.txt"), "x");
        assertFalse(b.canOpen(new ModelRef(text.toString())));
        assertFalse(b.canOpen(new ModelRef("http://localhost:8000/v1")));
    }

    @Test
    void sameWeightsAsGgufAndSafetensorsGiveTheSameLogProbsAndText() throws IOException {
        try (LanguageModel gguf = open(llamaGguf, Map.of("threads", 2, "chunk_size", 5));
                LanguageModel hf = open(llamaHf, Map.of("threads", 2, "chunk_size", 64))) {
            float[] a = gguf.continuationLogProbs(PROMPT, " there was a small village");
            float[] b = hf.continuationLogProbs(PROMPT, " there was a small village");
            assertEquals(a.length, b.length);
            assertTrue(a.length > 3);
            for (int i = 0; i < a.length; i++) {
                assertTrue(a[i] <= 0 && Float.isFinite(a[i]), "a log-probability: " + a[i]);
                assertEquals(a[i], b[i], 1e-3, "token " + i);
            }
            GenerationRequest request = GenerationRequest.ofPrompt(PROMPT, 12);
            assertEquals(gguf.generate(request).text(), hf.generate(request).text());
            assertTrue(gguf.info().acceptsKvMethods());
            assertFalse(gguf.info().hasRewardHead());
            assertEquals("llama", gguf.info().architecture());
        }
    }

    @Test
    void greedyGenerationStopsAtTheTokenLimitWithTimingsAndKvStats() throws IOException {
        try (LanguageModel m = open(llamaGguf, Map.of("threads", 2))) {
            Completion c = m.generate(GenerationRequest.ofPrompt(PROMPT, 7));
            int promptTokens = m.tokenizer().encode(PROMPT, true).length;
            assertEquals(promptTokens, c.promptTokens());
            if (c.finishReason() == Completion.FinishReason.LENGTH) {
                assertEquals(7, c.completionTokens());
                assertEquals(6, c.timings().decodeSteps());
            }
            assertTrue(c.timings().prefillNanos() > 0);
            assertEquals("full", c.kvStats().method());
            assertEquals(promptTokens + c.completionTokens() - 1, c.kvStats().tokensSeen());
            // the same request twice: greedy is deterministic
            assertEquals(c.text(), m.generate(GenerationRequest.ofPrompt(PROMPT, 7)).text());
        }
    }

    @Test
    void kvMethodIsChosenPerRequestAndUnknownIdsAreRefusedWithTheAvailableOnes() throws IOException {
        try (LanguageModel m = open(llamaHf, Map.of("threads", 2, "kv_dtype", "fp32"))) {
            GenerationRequest request = GenerationRequest.ofPrompt(PROMPT, 10);
            Completion full = m.generate(request);
            Completion reference = m.generate(request.withKvMethod(KvMethodSpec.parse("reference")));
            assertEquals("reference", reference.kvStats().method());
            assertEquals(full.text(), reference.text(), "kv-core's full cache and the scalar reference cache agree");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> m.generate(request.withKvMethod(KvMethodSpec.parse("nosuch:budget=3"))));
            assertEquals("kvMethod: unknown KV method 'nosuch'; available: [full (org.longscope.backend.nativeengine.tests),"
                    + " reference (org.longscope.backend.nativeengine.tests)]", e.getMessage());
        }
    }

    @Test
    void continuationLogProbsUnderAKvMethodReadTheContinuationStepByStepAndAgreeOnAFullCache() throws IOException {
        try (LanguageModel m = open(llamaHf, Map.of("threads", 2, "kv_dtype", "fp32"))) {
            float[] oneForward = m.continuationLogProbs(PROMPT, " there was a small village");
            float[] stepwise = m.continuationLogProbs(PROMPT, " there was a small village", KvMethodSpec.parse("reference"));
            assertEquals(oneForward.length, stepwise.length);
            for (int i = 0; i < oneForward.length; i++) {
                assertEquals(oneForward[i], stepwise[i], 1e-3, "token " + i);
            }
            assertEquals(0, m.continuationLogProbs(PROMPT, "", KvMethodSpec.parse("reference")).length);
        }
    }

    @Test
    void stopStringsCutTheTextAndSamplingIsReproducibleBySeed() throws IOException {
        try (LanguageModel m = open(llamaGguf, Map.of("threads", 1))) {
            Decoding sampled = new Decoding(1.0, 40, 0.95, 1234);
            GenerationRequest request = new GenerationRequest(PROMPT, null, "", 16, List.of(), sampled, null);
            Completion first = m.generate(request);
            assertEquals(first.text(), m.generate(request).text(), "same seed, same text");
            Completion other = m.generate(new GenerationRequest(PROMPT, null, "", 16, List.of(), new Decoding(1.0, 40, 0.95, 99), null));
            Completion greedy = m.generate(GenerationRequest.ofPrompt(PROMPT, 16));
            assertTrue(!other.text().equals(first.text()) || !greedy.text().equals(first.text()), "seeds change sampled text");

            String text = greedy.text();
            if (text.length() > 4) {
                String stop = text.substring(2, 4);
                Completion cut = m.generate(new GenerationRequest(PROMPT, null, "", 16, List.of(stop), Decoding.GREEDY, null));
                assertEquals(Completion.FinishReason.STOP, cut.finishReason());
                assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
            }
        }
    }

    /** Streaming sends the text token by token; the pieces are the text a plain call returns, stop strings included. */
    @Test
    void streamedPiecesConcatenateToTheGeneratedText() throws IOException {
        try (LanguageModel m = open(llamaGguf, Map.of("threads", 1))) {
            GenerationRequest request = GenerationRequest.ofPrompt(PROMPT, 16);
            List<String> pieces = new java.util.ArrayList<>();
            Completion streamed = m.generate(request, pieces::add);
            assertEquals(m.generate(request).text(), streamed.text());
            assertEquals(streamed.text(), String.join("", pieces));
            assertTrue(pieces.size() > 1 || streamed.text().length() <= 1, "sent as it grows: " + pieces);
            String text = streamed.text();
            if (text.length() > 6) {
                String stop = text.substring(4, 6);
                List<String> cutPieces = new java.util.ArrayList<>();
                Completion cut = m.generate(new GenerationRequest(PROMPT, null, "", 16, List.of(stop), Decoding.GREEDY, null),
                        cutPieces::add);
                assertEquals(text.substring(0, text.indexOf(stop)), String.join("", cutPieces));
                assertEquals(cut.text(), String.join("", cutPieces));
            }
        }
    }

    @Test
    void rewardModelsScoreTextWithTheirScoreHead() throws IOException {
        try (LanguageModel m = open(qwen2Reward, Map.of("threads", 2))) {
            assertTrue(m.info().hasRewardHead());
            double a = m.reward("A helpful and correct answer.");
            double b = m.reward("Something else entirely, longer and different.");
            assertTrue(Double.isFinite(a) && Double.isFinite(b));
            assertNotEquals(a, b);
            assertEquals(a, m.reward("A helpful and correct answer."), 0.0);
        }
        try (LanguageModel plain = open(llamaGguf, Map.of())) {
            assertThrows(UnsupportedOperationException.class, () -> plain.reward("x"));
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        NativeBackend b = backend();
        ModelRef ref = new ModelRef(llamaGguf.toString());
        assertTrue(assertThrows(InvalidInputException.class, () -> b.open(ref, Map.of("thread", 2)))
                .getMessage().contains("options.thread"));
        assertTrue(assertThrows(InvalidInputException.class, () -> b.open(ref, Map.of("chunk_size", 0)))
                .getMessage().contains("options.chunk_size"));
        assertTrue(assertThrows(InvalidInputException.class, () -> b.open(ref, Map.of("kv_dtype", "int4")))
                .getMessage().contains("fp32 or fp16"));
    }

    @Test
    void fp16KeysAndValuesChangeLogProbsOnlySlightly() throws IOException {
        try (LanguageModel fp32 = open(llamaHf, Map.of("kv_dtype", "fp32"));
                LanguageModel fp16 = open(llamaHf, Map.of("kv_dtype", "fp16"))) {
            float[] a = fp32.continuationLogProbs(PROMPT, " and then");
            float[] b = fp16.continuationLogProbs(PROMPT, " and then");
            assertArrayEquals(a, b, 0.05f);
        }
    }
}
