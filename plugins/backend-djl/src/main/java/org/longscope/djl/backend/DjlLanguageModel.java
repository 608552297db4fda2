package org.longscope.djl.backend;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Completion;
import org.longscope.api.model.Completion.FinishReason;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Timings;
import org.longscope.api.model.Tokenizer;
import org.longscope.djl.llama.HfCheckpoint;
import org.longscope.djl.llama.LlamaModel;
import org.longscope.djl.llama.LlamaSession;

/**
 * A Hugging Face checkpoint opened by the {@code djl} backend: the weights in a {@link LlamaModel}
 * on the chosen device, its tokenizer, and generation with a plain KV cache. It does not take KV
 * methods. Requests run one at a time.
 */
public final class DjlLanguageModel implements LanguageModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NDManager manager;
    private final LlamaModel model;
    private final HfTokenizer tokenizer;
    private final ModelInfo info;
    private final int[] stopTokenIds;
    private final String bosToken;
    /** {@code score.weight} (labels, hidden) of a reward model, else {@code null}. */
    private final NDArray scoreHead;

    private DjlLanguageModel(NDManager manager, LlamaModel model, NDArray scoreHead, HfTokenizer tokenizer, ModelInfo info,
            int[] stopTokenIds, String bosToken) {
        this.manager = manager;
        this.model = model;
        this.scoreHead = scoreHead;
        this.tokenizer = tokenizer;
        this.info = info;
        this.stopTokenIds = stopTokenIds;
        this.bosToken = bosToken;
    }

    /** Opens a model directory on {@code device}. */
    public static DjlLanguageModel open(Path dir, Device device) {
        Path tokenizerFile = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new InvalidInputException(dir.toString(), "no tokenizer.json");
        }
        NDManager manager = DjlEngine.newManager(device);
        HfTokenizer tokenizer = null;
        try {
            HfCheckpoint.Loaded loaded = HfCheckpoint.loadWithHead(manager, dir);
            LlamaModel model = loaded.model();
            tokenizer = HfTokenizer.open(tokenizerFile);
            Path tokenizerConfig = dir.resolve("tokenizer_config.json");
            JsonNode tc = Files.isRegularFile(tokenizerConfig) ? readJson(tokenizerConfig) : JSON.createObjectNode();
            String template = tc.path("chat_template").isTextual() ? tc.path("chat_template").asText() : null;
            Path jinja = dir.resolve("chat_template.jinja");
            if (template == null && Files.isRegularFile(jinja)) {
                template = Files.readString(jinja);
            }
            String bos = tokenText(tc, "bos_token");
            String eos = tokenText(tc, "eos_token");
            Set<Integer> stops = new LinkedHashSet<>();
            addIds(stops, readJson(dir.resolve("config.json")).path("eos_token_id"));
            Path generationConfig = dir.resolve("generation_config.json");
            if (Files.isRegularFile(generationConfig)) {
                addIds(stops, readJson(generationConfig).path("eos_token_id"));
            }
            if (eos != null) {
                int[] ids = tokenizer.encode(eos, false);
                if (ids.length == 1) {
                    stops.add(ids[0]);
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("format", "huggingface safetensors");
            details.put("engine", "DJL PyTorch");
            details.put("device", manager.getDevice().toString());
            details.put("layers", model.config().layers());
            details.put("hidden_size", model.config().hiddenSize());
            ModelInfo info = new ModelInfo(dir.getFileName().toString(), model.config().architecture(),
                    model.config().contextLength(), template, bos, eos, false, loaded.scoreHead() != null, true, details);
            return new DjlLanguageModel(manager, model, loaded.scoreHead(), tokenizer, info,
                    stops.stream().mapToInt(Integer::intValue).toArray(), bos);
        } catch (IOException e) {
            close(tokenizer, manager);
            throw new InvalidInputException(dir.toString(), "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(tokenizer, manager);
            throw e;
        }
    }

    private static void close(HfTokenizer tokenizer, NDManager manager) {
        if (tokenizer != null) {
            tokenizer.close();
        }
        manager.close();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The model definition (for cross-checks). */
    public LlamaModel model() {
        return model;
    }

    /** A new sequence on this model's device; the caller closes it. */
    public LlamaSession newSession() {
        return new LlamaSession(model, manager);
    }

    /** Prompt ids: BOS added as the tokenizer's own rule says, unless the text already starts with it. */
    public int[] encodePrompt(String text) {
        boolean hasBos = bosToken != null && !bosToken.isEmpty() && text.startsWith(bosToken);
        return tokenizer.encode(text, !hasBos);
    }

    @Override
    public synchronized Completion generate(GenerationRequest request) {
        if (request.prompt() == null) {
            throw new InvalidInputException("messages", "the djl backend takes a rendered prompt (the run engine "
                    + "applies the chat template); got chat messages");
        }
        if (request.kvMethod() != null && !request.kvMethod().id().equals("full")) {
            throw new InvalidInputException("kv_method", "the djl backend runs the full cache only; got '"
                    + request.kvMethod().id() + "' (use the native backend for KV methods)");
        }
        int[] prompt = encodePrompt(request.prompt());
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "expected at least one token, got an empty prompt");
        }
        if (prompt.length + 1 > info.contextLength()) {
            throw new InvalidInputException("prompt", prompt.length + " tokens exceed the context window of "
                    + info.contextLength());
        }
        int maxNew = Math.min(request.maxNewTokens(), info.contextLength() - prompt.length);
        TokenSampler sampler = new TokenSampler(request.decoding());
        List<String> stop = request.stop();
        try (LlamaSession session = newSession()) {
            long start = System.nanoTime();
            int token = sampler.next(session.next(prompt));
            long prefillNanos = System.nanoTime() - start;
            int[] generated = new int[maxNew];
            int count = 0;
            int decodeSteps = 0;
            FinishReason reason = FinishReason.LENGTH;
            String text = null;
            long decodeStart = System.nanoTime();
            while (true) {
                if (isStop(token)) {
                    reason = FinishReason.EOS;
                    break;
                }
                generated[count++] = token;
                if (!stop.isEmpty()) {
                    String sofar = tokenizer.decode(Arrays.copyOf(generated, count));
                    int cut = firstStop(sofar, stop);
                    if (cut >= 0) {
                        text = sofar.substring(0, cut);
                        reason = FinishReason.STOP;
                        break;
                    }
                }
                if (count == maxNew) {
                    break;
                }
                token = sampler.next(session.next(token));
                decodeSteps++;
            }
            long decodeNanos = System.nanoTime() - decodeStart;
            int[] tokens = Arrays.copyOf(generated, count);
            if (text == null) {
                text = tokenizer.decode(tokens);
            }
            return new Completion(text, prompt.length, count, reason, new Timings(prefillNanos, decodeNanos, decodeSteps), null);
        }
    }

    private boolean isStop(int token) {
        for (int id : stopTokenIds) {
            if (id == token) {
                return true;
            }
        }
        return false;
    }

    private static int firstStop(String text, List<String> stop) {
        int best = -1;
        for (String s : stop) {
            int at = s.isEmpty() ? -1 : text.indexOf(s);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    @Override
    public synchronized float[] continuationLogProbs(String prompt, String continuation) {
        int[] p = encodePrompt(prompt);
        int[] c = tokenizer.encode(continuation, false);
        if (p.length == 0) {
            throw new InvalidInputException("prompt", "expected at least one token to condition on");
        }
        int[] all = Arrays.copyOf(p, p.length + c.length);
        System.arraycopy(c, 0, all, p.length, c.length);
        float[] result = new float[c.length];
        if (c.length == 0) {
            return result;
        }
        try (LlamaSession session = newSession()) {
            float[][] logits = session.logitsOfAll(Arrays.copyOf(all, all.length - 1));
            for (int i = 0; i < c.length; i++) {
                float[] row = logits[p.length - 1 + i];
                double max = Double.NEGATIVE_INFINITY;
                for (float v : row) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (float v : row) {
                    sum += Math.exp(v - max);
                }
                result[i] = (float) (row[c[i]] - max - Math.log(sum));
            }
        }
        return result;
    }

    /**
     * The first logit of the score head on the last token's final hidden state, as Hugging Face's
     * {@code *ForSequenceClassification} computes it for one unpadded sequence.
     */
    @Override
    public synchronized double reward(String text) {
        if (scoreHead == null) {
            throw new UnsupportedOperationException(info.name() + " has no reward head (score.weight)");
        }
        int[] tokens = encodePrompt(text);
        if (tokens.length == 0) {
            throw new InvalidInputException("text", "expected text to score, got no tokens");
        }
        if (tokens.length > info.contextLength()) {
            throw new InvalidInputException("text", tokens.length + " tokens exceed the context window of "
                    + info.contextLength());
        }
        try (NDScope scope = new NDScope()) {
            NDArray ids = manager.create(Arrays.stream(tokens).asLongStream().toArray(), new Shape(1, tokens.length));
            NDArray last = model.hidden(ids, 0, null, true).reshape(1, model.config().hiddenSize());
            return last.matMul(scoreHead.transpose()).toFloatArray()[0];
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void addIds(Set<Integer> ids, JsonNode node) {
        if (node.isInt()) {
            ids.add(node.asInt());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isInt()) {
                    ids.add(n.asInt());
                }
            }
        }
    }

    private static String tokenText(JsonNode tc, String key) {
        JsonNode v = tc.path(key);
        if (v.isTextual()) {
            return v.asText();
        }
        return v.path("content").isTextual() ? v.path("content").asText() : null;
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
        manager.close();
    }
}
