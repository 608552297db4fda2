package org.longscope.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Decoding;

/**
 * A {@code POST /v1/chat/completions} or {@code /v1/completions} body, as the OpenAI API defines
 * its fields: {@code messages} (chat) or {@code prompt}, {@code max_tokens} (or
 * {@code max_completion_tokens}), {@code temperature} (default 1), {@code top_p}, {@code seed},
 * {@code stop}, {@code stream}, {@code stream_options.include_usage}, {@code n} (1 only), and the
 * extension {@code longscope.kv}, the KV method of this request. {@code /v1/completions} with
 * {@code echo: true}, {@code logprobs} and {@code max_tokens: 0} scores the prompt instead
 * ({@code scoreOnly}): the log-probability of each of its tokens.
 *
 * @param maxTokens 0 when not given
 */
record CompletionRequest(boolean chat, String model, List<ChatMessage> messages, String prompt, int maxTokens,
        Decoding decoding, List<String> stop, boolean stream, boolean includeUsage, KvMethodSpec kv, boolean scoreOnly) {

    static CompletionRequest parse(JsonNode body, boolean chat) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "expected a JSON object");
        }
        String model = text(body, "model", true);
        List<ChatMessage> messages = null;
        String prompt = null;
        if (chat) {
            messages = messages(body.get("messages"));
        } else {
            JsonNode p = body.get("prompt");
            if (p != null && p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
                p = p.get(0);
            }
            if (p == null || !p.isTextual()) {
                throw new InvalidInputException("prompt", "expected a string (or a list of one string)");
            }
            prompt = p.asText();
        }
        boolean scoreOnly = !chat && body.path("echo").asBoolean(false);
        if (scoreOnly && !(body.path("max_tokens").asInt(-1) == 0 && body.path("logprobs").isIntegralNumber())) {
            throw new InvalidInputException("echo", "echo is supported only to score the prompt: with logprobs and max_tokens: 0");
        }
        if (body.has("n") && body.get("n").asInt(0) != 1) {
            throw new InvalidInputException("n", "only n = 1 is supported, got " + body.get("n"));
        }
        if (!scoreOnly && (body.path("logprobs").isBoolean() && body.path("logprobs").asBoolean()
                || body.path("logprobs").isIntegralNumber())) {
            throw new InvalidInputException("logprobs", "log-probabilities are not returned by this server");
        }
        int maxTokens = scoreOnly ? 0 : integer(body, body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens");
        double temperature = number(body, "temperature", 1.0, 0, 2);
        double topP = number(body, "top_p", 1.0, Double.MIN_VALUE, 1);
        long seed = body.has("seed") ? body.get("seed").asLong() : 0;
        Decoding decoding = temperature == 0 ? Decoding.GREEDY : new Decoding(temperature, 0, topP, seed);
        List<String> stop = new ArrayList<>();
        JsonNode s = body.get("stop");
        if (s != null && s.isTextual()) {
            stop.add(s.asText());
        } else if (s != null && s.isArray()) {
            s.forEach(x -> stop.add(x.asText()));
        } else if (s != null && !s.isNull()) {
            throw new InvalidInputException("stop", "expected a string or a list of strings");
        }
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        KvMethodSpec kv = null;
        JsonNode extension = body.path("longscope").path("kv");
        if (extension.isTextual()) {
            try {
                kv = KvMethodSpec.parse(extension.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("longscope.kv", "expected a KV method like snapkv:budget=128: " + e.getMessage());
            }
        }
        if (scoreOnly && stream) {
            throw new InvalidInputException("stream", "scoring the prompt (echo) is not streamed");
        }
        return new CompletionRequest(chat, model, messages, prompt, maxTokens, decoding, List.copyOf(stop), stream,
                includeUsage, kv, scoreOnly);
    }

    private static List<ChatMessage> messages(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException("messages", "expected a non-empty list of {role, content}");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String role = m.path("role").asText("");
            if (!List.of("system", "developer", "user", "assistant").contains(role)) {
                throw new InvalidInputException("messages[" + i + "].role", "expected system, user or assistant, got " + m.get("role"));
            }
            JsonNode content = m.get("content");
            StringBuilder text = new StringBuilder();
            if (content != null && content.isTextual()) {
                text.append(content.asText());
            } else if (content != null && content.isArray()) { // content parts: only text parts are accepted
                for (JsonNode part : content) {
                    if (!"text".equals(part.path("type").asText())) {
                        throw new InvalidInputException("messages[" + i + "].content", "only text parts are supported");
                    }
                    text.append(part.path("text").asText());
                }
            } else {
                throw new InvalidInputException("messages[" + i + "].content", "expected a string or a list of text parts");
            }
            messages.add(new ChatMessage(role.equals("developer") ? "system" : role, text.toString()));
        }
        return messages;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            if (required) {
                throw new InvalidInputException(field, "required: a string");
            }
            return null;
        }
        return v.asText();
    }

    private static int integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new InvalidInputException(field, "expected a whole number >= 1, got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw new InvalidInputException(field, "expected a number from " + min + " to " + max + ", got " + v);
        }
        return v.asDouble();
    }
}
