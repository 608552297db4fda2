package org.longscope.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.osgi.service.component.annotations.Component;

/**
 * Backend {@code openai}: a model an OpenAI-compatible server serves (vLLM, SGLang, a hosted API,
 * LongScope's own {@code longscope serve}). The reference is the base URL, or several separated
 * by commas. Opening checks, before any work, that a replica answers, that the key is accepted and
 * that the model is served, and finds the window (option {@code context_length}, else the
 * server's {@code /tokenize}).
 */
@Component(service = ModelBackend.class, property = {"longscope.kind=backend", "longscope.id=openai",
        "longscope.description=models served over the OpenAI API (vLLM, SGLang, hosted APIs, LongScope's /v1)"})
public final class OpenAiBackend implements ModelBackend {

    @Override
    public boolean canOpen(ModelRef ref) {
        String r = ref.reference();
        return r.startsWith("http://") || r.startsWith("https://");
    }

    @Override
    public LanguageModel open(ModelRef ref, Map<String, Object> options) throws IOException {
        OpenAiOptions parsed = OpenAiOptions.parse(ref.reference(), options);
        OpenAiClient client = new OpenAiClient(parsed);
        JsonNode models;
        try {
            models = client.get("/models");
        } catch (OpenAiClient.Unavailable e) {
            throw new InvalidInputException("model.ref", "cannot reach the server: " + e.getCause().getMessage());
        }
        List<String> served = new ArrayList<>();
        models.path("data").forEach(m -> served.add(m.path("id").asText()));
        String model = parsed.model();
        if (model == null) {
            if (served.size() != 1) {
                throw new InvalidInputException("model.options.model", "name the served model; the server serves " + served);
            }
            model = served.getFirst();
        } else if (!served.contains(model)) {
            throw new InvalidInputException("model.options.model", "the server does not serve '" + model + "'; it serves " + served);
        }
        ServerTokenizer tokenizer = new ServerTokenizer(client, model);
        int contextLength = parsed.contextLength();
        if (contextLength == 0) {
            contextLength = tokenizer.maxModelLength();
            if (contextLength <= 0) {
                throw new InvalidInputException("model.options.context_length", "the server reports no window for " + model
                        + "; give context_length");
            }
        }
        return new OpenAiModel(client, parsed, model, tokenizer, contextLength);
    }
}
