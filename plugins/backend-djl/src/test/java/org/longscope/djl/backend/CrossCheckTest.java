package org.longscope.djl.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.longscope.api.kv.KvCache;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.ModelRef;
import org.longscope.djl.llama.LlamaSession;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.backend.NativeBackend;
import org.longscope.nativeengine.backend.NativeLanguageModel;
import org.longscope.nativeengine.engine.Transformer;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SyntheticModels;

/**
 * The native engine and the DJL backend, two independent implementations, give the same logits
 * (within 1e-3, fp32) on random-weight Llama (llama3 RoPE scaling, untied output), Qwen2 (q/k/v
 * biases) and Qwen3 (q/k norms, head dim independent of width) checkpoints written by
 * {@link SyntheticModels}: at several prompt lengths up to 2048, and through 32 greedy steps with
 * the same tokens chosen; and on the shipped model once it exists.
 */
class CrossCheckTest {
    private static final float TOLERANCE = 1e-3f;
    private static final int[] PROMPT_LENGTHS = {1, 7, 100, 513, 2048};

    @TempDir
    static Path dir;

    static Stream<ModelShape> shapes() {
        return Stream.of(ModelShape.TINY_LLAMA, ModelShape.TINY_QWEN2, ModelShape.TINY_QWEN3);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void nativeAndDjlAgree(ModelShape shape) throws Exception {
        Path model = SyntheticModels.write(SyntheticModels.Request.of(shape, GgmlType.F32, SyntheticModels.Format.HF,
                dir.resolve(shape.name()), 11));
        compare(model, shape.name());
    }

    /**
     * A random-weight {@code *ForSequenceClassification} checkpoint: the DJL backend's reward (the first
     * logit of {@code score.weight} on the last token's final hidden state) equals the native engine's,
     * whose score head is checked against the numpy reference in GoldenLogitsTest.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void rewardModelsScoreAsTheNativeEngine(ModelShape shape) throws Exception {
        Path model = SyntheticModels.write(new SyntheticModels.Request(shape, GgmlType.F32, SyntheticModels.Format.HF,
                dir.resolve(shape.name() + "-reward"), 5, 1, null, 0));
        NativeBackend nativeBackend = new NativeBackend();
        nativeBackend.addPolicy(new FullPolicy(), Map.of("longscope.id", "full"));
        ModelRef ref = new ModelRef(model.toString());
        try (NativeLanguageModel nat = (NativeLanguageModel) nativeBackend.open(ref, Map.of("threads", 1));
                DjlLanguageModel djl = (DjlLanguageModel) new DjlBackend().open(ref, Map.of("device", "cpu"))) {
            assertTrue(djl.info().hasRewardHead() && nat.info().hasRewardHead());
            for (String text : new String[] {"A helpful and correct answer.", "x", "Something else entirely, longer."}) {
                double expected = nat.reward(text);
                assertEquals(expected, djl.reward(text), TOLERANCE * Math.max(1, Math.abs(expected)), shape + " " + text);
            }
        }
        Path plain = SyntheticModels.write(SyntheticModels.Request.of(shape, GgmlType.F32, SyntheticModels.Format.HF,
                dir.resolve(shape.name() + "-plain"), 5));
        try (DjlLanguageModel djl = (DjlLanguageModel) new DjlBackend().open(new ModelRef(plain.toString()), Map.of())) {
            assertTrue(!djl.info().hasRewardHead() && djl.info().providesLogProbs());
            assertThrows(UnsupportedOperationException.class, () -> djl.reward("x"));
        }
    }

    /** The model LongScope ships (models/longscope-byte-llama), once it has been trained and committed. */
    @Test
    void shippedModelAgrees() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("models"))) {
            root = root.getParent();
        }
        Path shipped = root == null ? null : root.resolve("models/longscope-byte-llama");
        Assumptions.assumeTrue(shipped != null && Files.isRegularFile(shipped.resolve("config.json")),
                "models/longscope-byte-llama is not trained yet (tools/trainer/train.sh)");
        compare(shipped, "longscope-byte-llama");
    }

    private void compare(Path model, String name) throws Exception {
        NativeBackend nativeBackend = new NativeBackend();
        nativeBackend.addPolicy(new FullPolicy(), Map.of("longscope.id", "full"));
        ModelRef ref = new ModelRef(model.toString());
        try (NativeLanguageModel nat = (NativeLanguageModel) nativeBackend.open(ref, Map.of("threads", 1));
                DjlLanguageModel djl = (DjlLanguageModel) new DjlBackend().open(ref, Map.of("device", "cpu"))) {
            assertEquals(false, djl.info().acceptsKvMethods());
            Transformer transformer = nat.transformer();
            int vocab = transformer.config().vocabSize();
            SplittableRandom random = new SplittableRandom(name.hashCode());

            for (int length : PROMPT_LENGTHS) {
                if (length > transformer.config().contextLength()) {
                    continue;
                }
                int[] prompt = random.ints(length, 0, vocab).toArray();
                try (KvCache cache = new FullPolicy().create(transformer.geometry(length), Map.of());
                        LlamaSession session = djl.newSession()) {
                    float[] expected = nativeLogits(transformer, prompt, 0, cache);
                    assertClose(expected, session.next(prompt), name + " prompt of " + length);
                }
            }

            int[] prompt = random.ints(64, 0, vocab).toArray();
            int steps = 32;
            try (KvCache cache = new FullPolicy().create(transformer.geometry(prompt.length + steps), Map.of());
                    LlamaSession session = djl.newSession()) {
                float[] expected = nativeLogits(transformer, prompt, 0, cache);
                float[] actual = session.next(prompt);
                for (int step = 0; step < steps; step++) {
                    String where = name + " greedy step " + step;
                    assertClose(expected, actual, where);
                    int token = TokenSampler.argMax(expected);
                    assertEquals(token, TokenSampler.argMax(actual), where + ": chosen token");
                    expected = nativeLogits(transformer, new int[] {token}, prompt.length + step, cache);
                    actual = session.next(token);
                }
            }

            // the same text through both backends' generate: same tokenizer, same greedy choices
            GenerationRequest request = GenerationRequest.ofPrompt("The quick brown fox jumps over the lazy dog.", 32);
            Completion a = nat.generate(request);
            Completion b = djl.generate(request);
            assertEquals(a.promptTokens(), b.promptTokens());
            assertEquals(a.text(), b.text());
            assertEquals(a.completionTokens(), b.completionTokens());
            assertEquals(a.finishReason(), b.finishReason());
            assertTrue(b.timings().prefillNanos() > 0);
        }
    }

    /** The native engine's logits of the last of {@code tokens} run at {@code position}. */
    private static float[] nativeLogits(Transformer t, int[] tokens, int position, KvCache cache) {
        float[][] last = new float[1][];
        int vocab = t.config().vocabSize();
        t.forward(tokens, tokens.length, position, cache, tokens.length - 1,
                (index, logits, offset) -> last[0] = logits.asSlice(offset, (long) vocab * Float.BYTES).toArray(JAVA_FLOAT));
        return last[0];
    }

    private static void assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": vocabulary");
        float worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            float d = Math.abs(expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= TOLERANCE)) {
            throw new AssertionError(where + ": logit " + at + " differs by " + worst + " (native " + expected[at]
                    + ", djl " + actual[at] + ")");
        }
    }
}
