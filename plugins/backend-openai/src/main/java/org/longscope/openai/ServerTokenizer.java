package org.longscope.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;

/**
 * The served model's own tokenizer through the server's {@code /tokenize} and {@code /detokenize}
 * (vLLM's endpoints, beside {@code /v1}; LongScope's server has them too), so that truncation and
 * length fitting count exactly what the model sees. Recent encodings are kept, since a prompt is
 * counted several times while it is prepared.
 */
final class ServerTokenizer implements Tokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHED = 64;

    private final OpenAiClient client;
    private final String model;
    private final Map<String, int[]> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > CACHED;
        }
    };

    ServerTokenizer(OpenAiClient client, String model) {
        this.client = client;
        this.model = model;
    }

    /** The window the server reports for the model ({@code max_model_len}), or 0. */
    int maxModelLength() {
        return tokenize("x", false).path("max_model_len").asInt(0);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        String key = (addSpecialTokens ? "1" : "0") + text;
        synchronized (recent) {
            int[] cached = recent.get(key);
            if (cached != null) {
                return cached.clone();
            }
        }
        JsonNode tokens = tokenize(text, addSpecialTokens).path("tokens");
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).asInt();
        }
        synchronized (recent) {
            recent.put(key, ids);
        }
        return ids.clone();
    }

    @Override
    public String decode(int[] ids) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode list = body.putArray("tokens");
        for (int id : ids) {
            list.add(id);
        }
        return client.postAtRoot("/detokenize", body).path("prompt").asText();
    }

    @Override
    public int vocabularySize() {
        return 0; // not offered by the endpoints; nothing in LongScope needs it of a remote model
    }

    private JsonNode tokenize(String text, boolean addSpecialTokens) {
        try {
            return client.postAtRoot("/tokenize", JSON.createObjectNode().put("model", model).put("prompt", text)
                    .put("add_special_tokens", addSpecialTokens));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("model.options", "the server offers no usable /tokenize for exact lengths ("
                    + e.getMessage() + "); serve the model with vLLM, SGLang or LongScope, which have it");
        }
    }
}
