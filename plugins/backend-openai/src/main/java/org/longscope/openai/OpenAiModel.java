package org.longscope.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Timings;
import org.longscope.api.model.Tokenizer;

/**
 * A model served over the OpenAI API. A prompt the run engine rendered goes to
 * {@code /completions}; chat messages (a model whose template only the server knows) go to
 * {@code /chat/completions}. {@code usage} gives the token counts; LongScope's own server adds
 * the KV statistics and times under {@code usage.longscope}, which are kept. Thread-safe: requests
 * run in parallel up to the replicas' slots.
 */
final class OpenAiModel implements LanguageModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiClient client;
    private final OpenAiOptions options;
    private final String served;
    private final Tokenizer tokenizer;
    private final ModelInfo info;

    OpenAiModel(OpenAiClient client, OpenAiOptions options, String served, Tokenizer tokenizer, int contextLength) {
        this.client = client;
        this.options = options;
        this.served = served;
        this.tokenizer = tokenizer;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("base_urls", options.baseUrls());
        this.info = new ModelInfo(served, "remote", contextLength, null, null, null, options.longscopeKv(), false,
                options.logProbs(), details);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Completion generate(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode().put("model", served).put("max_tokens", request.maxNewTokens());
        boolean chat = request.messages() != null;
        if (chat) {
            if (!request.answerPrefix().isEmpty()) {
                throw new InvalidInputException("settings.chat_template", "a chat API cannot begin the answer with '"
                        + request.answerPrefix() + "'; run with chat_template: false (the prompt then goes to /completions)");
            }
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        } else {
            body.put("prompt", request.prompt());
        }
        body.put("temperature", request.decoding().greedy() ? 0 : request.decoding().temperature());
        if (!request.decoding().greedy()) {
            body.put("top_p", request.decoding().topP());
            body.put("seed", request.decoding().seed());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.kvMethod() != null && !(request.kvMethod().id().equals(org.longscope.api.kv.KvMethodSpec.FULL)
                && request.kvMethod().params().isEmpty())) {
            if (!options.longscopeKv()) {
                throw new InvalidInputException("kv", "the server of " + served + " applies no KV method (set longscope_kv: "
                        + "true for LongScope's own /v1 server)");
            }
            body.putObject("longscope").put("kv", request.kvMethod().label());
        }
        long start = System.nanoTime();
        JsonNode answer = client.post(chat ? "/chat/completions" : "/completions", body, request.maxNewTokens());
        long wall = System.nanoTime() - start;
        JsonNode choice = answer.path("choices").path(0);
        JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
        if (!text.isTextual()) {
            throw new OpenAiClient.Unavailable("the answer of " + served + " has no choices[0]." + (chat ? "message.content" : "text")
                    + ": " + abbreviate(answer.toString()));
        }
        String finish = choice.path("finish_reason").asText("stop");
        Completion.FinishReason reason = finish.equals("length") ? Completion.FinishReason.LENGTH
                : request.stop().isEmpty() ? Completion.FinishReason.EOS : Completion.FinishReason.STOP;
        JsonNode usage = answer.path("usage");
        JsonNode extension = usage.path("longscope");
        int completionTokens = usage.path("completion_tokens").asInt(0);
        Timings timings = extension.has("prefill_ns")
                ? new Timings(extension.path("prefill_ns").asLong(), extension.path("decode_ns").asLong(), Math.max(0, completionTokens - 1))
                : new Timings(0, wall, completionTokens);
        return new Completion(text.asText(), usage.path("prompt_tokens").asInt(0), completionTokens, reason, timings,
                kvStats(extension.path("kv")));
    }

    /**
     * Scores the prompt and continuation together ({@code /completions} with {@code echo},
     * {@code logprobs} and no new tokens) and keeps the continuation's tokens, the last ones: the
     * server's tokens of the joined text, which may merge across the seam where a local
     * tokenizer of the two parts would not.
     */
    @Override
    public float[] continuationLogProbs(String prompt, String continuation) {
        if (!options.logProbs()) {
            throw new UnsupportedOperationException(served + ": the server is not known to score prompts (set logprobs: true "
                    + "for vLLM or LongScope's /v1)");
        }
        int wanted = tokenizer.encode(continuation, false).length;
        ObjectNode body = JSON.createObjectNode().put("model", served).put("prompt", prompt + continuation)
                .put("echo", true).put("logprobs", 0).put("max_tokens", 0).put("temperature", 0);
        JsonNode values = client.post("/completions", body, 1).path("choices").path(0).path("logprobs").path("token_logprobs");
        if (!values.isArray() || values.size() < wanted) {
            throw new OpenAiClient.Unavailable("the server's answer has " + values.size() + " token log-probabilities, "
                    + wanted + " wanted");
        }
        float[] logProbs = new float[wanted];
        for (int i = 0; i < wanted; i++) {
            JsonNode v = values.get(values.size() - wanted + i);
            logProbs[i] = v.isNumber() ? (float) v.asDouble() : Float.NaN;
        }
        return logProbs;
    }

    private static KvStats kvStats(JsonNode kv) {
        if (!kv.isObject()) {
            return null; // the server's cache is not visible
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        kv.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
        return new KvStats(kv.path("method").asText(), kv.path("tokens_seen").asLong(), new int[0][],
                kv.path("bytes_resident").asLong(-1), kv.path("bytes_offloaded").asLong(-1), counters);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Frees a named tokenizer's native memory; the HTTP client's connections close when idle. */
    @Override
    public void close() {
        if (tokenizer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the tokenizer of " + served, e);
            }
        }
    }
}
