package org.longscope.trainer;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvCache;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.ModelRef;
import org.longscope.djl.backend.DjlBackend;
import org.longscope.djl.backend.DjlLanguageModel;
import org.longscope.djl.llama.HfCheckpoint;
import org.longscope.djl.llama.LlamaSession;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.backend.NativeBackend;
import org.longscope.nativeengine.backend.NativeLanguageModel;
import org.longscope.nativeengine.engine.Transformer;

/**
 * The trainer on a tiny shape: the loss falls, an interrupted run resumed from its checkpoint ends
 * with exactly the weights of an uninterrupted one, and the exported model (Hugging Face layout and
 * GGUF) loads in the native engine with the same logits as in DJL.
 */
class TrainerTest {

    private static String[] tiny(Path out, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("--repo", RepositoryRoot.find().toString(), "--out", out.toString(),
                "--layers", "1", "--hidden", "32", "--heads", "2", "--kv-heads", "1", "--ffn", "64", "--context", "256",
                "--lengths", "64,128", "--tokens-per-step", "256", "--steps", String.valueOf(steps), "--warmup", "2",
                "--log-every", "1", "--checkpoint-every", "2", "--eval-every", "0", "--safetensors-dtype", "f32",
                "--gguf-dtype", "f32"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static String train(String[] args) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
            new Trainer(TrainerOptions.parse(args), manager, new PrintStream(log, true)).run();
        }
        return log.toString();
    }

    private static float[] weights(Path dir, String name) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
            Map<String, NDArray> t = HfCheckpoint.readTensors(m, dir);
            return t.get(name).toFloatArray();
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight");
        String log = train(tiny(straight, 6));
        // an interruption after step 3 of the same 6-step schedule
        Path partial = tmp.resolve("partial");
        String partialLog = train(tiny(partial, 6, "--checkpoint-every", "3", "--stop-after", "3"));
        // a slice of the schedule leaves its checkpoint and nothing else: no evaluation, no export
        assertTrue(partialLog.contains("stopped at step 3 of 6; continue with --resume"), partialLog);
        assertFalse(partialLog.contains("exported"), partialLog);
        assertFalse(Files.exists(partial.resolve("config.json")), "exported after --stop-after");
        String resumedLog = train(tiny(partial, 6, "--checkpoint-every", "3", "--resume"));
        assertTrue(resumedLog.contains("resumed from"), resumedLog);
        for (String name : List.of("model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "lm_head.weight")) {
            assertArrayEquals(weights(straight.resolve("checkpoint"), name), weights(partial.resolve("checkpoint"), name), name);
        }
        assertTrue(log.contains("step 6/6 loss"), log);

        // a resumed run with another shape is refused, naming the option
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> train(tiny(partial, 6, "--kv-heads", "2", "--resume")));
        assertTrue(e.getMessage().contains("--kv-heads 1, this run asks for 2"), e.getMessage());
    }

    @Test
    void exportedModelRunsTheSameInTheNativeEngineAndDjl(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("tiny-model");
        String log = train(tiny(out, 2));
        assertTrue(log.contains("exported"), log);
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "generation_config.json", "tiny-model.gguf", "README.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        NativeBackend nativeBackend = new NativeBackend();
        nativeBackend.addPolicy(new FullPolicy(), Map.of("longscope.id", "full"));
        int[] prompt = {ByteTokenizer.BOS, ByteTokenizer.USER, '\n', 'H', 'i', '?', ByteTokenizer.END, '\n',
                ByteTokenizer.ASSISTANT, '\n'};
        try (NativeLanguageModel hf = (NativeLanguageModel) nativeBackend.open(new ModelRef(out.toString()), Map.of("threads", 1));
                NativeLanguageModel gguf = (NativeLanguageModel) nativeBackend.open(
                        new ModelRef(out.resolve("tiny-model.gguf").toString()), Map.of("threads", 1));
                DjlLanguageModel djl = (DjlLanguageModel) new DjlBackend().open(new ModelRef(out.toString()), Map.of("device", "cpu"));
                LlamaSession session = djl.newSession()) {
            float[] fromHf = lastLogits(hf.transformer(), prompt);
            float[] fromGguf = lastLogits(gguf.transformer(), prompt);
            float[] fromDjl = session.next(prompt);
            for (int i = 0; i < fromHf.length; i++) {
                assertEquals(fromHf[i], fromGguf[i], 1e-4, "gguf logit " + i);
                assertEquals(fromHf[i], fromDjl[i], 1e-3, "djl logit " + i);
            }
            assertEquals(hf.info().chatTemplate(), ByteTokenizer.CHAT_TEMPLATE);
            assertEquals(gguf.info().chatTemplate(), ByteTokenizer.CHAT_TEMPLATE);
            String text = "<s><|user|>\nWhat is the pass key?<|end|>\n<|assistant|>\nThe pass key is";
            assertEquals(hf.generate(GenerationRequest.ofPrompt(text, 8)).text(),
                    djl.generate(GenerationRequest.ofPrompt(text, 8)).text());
            assertEquals(hf.tokenizer().encode(text, false).length, gguf.tokenizer().encode(text, false).length);
        }
    }

    private static float[] lastLogits(Transformer t, int[] tokens) {
        float[][] last = new float[1][];
        int vocab = t.config().vocabSize();
        try (KvCache cache = new FullPolicy().create(t.geometry(tokens.length), Map.of())) {
            t.forward(tokens, tokens.length, 0, cache, tokens.length - 1,
                    (i, logits, offset) -> last[0] = logits.asSlice(offset, (long) vocab * Float.BYTES).toArray(JAVA_FLOAT));
        }
        return last[0];
    }
}
