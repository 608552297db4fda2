package org.longscope.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.DataFile;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.api.model.Tokenizer;
import org.longscope.hub.DatasetException;
import org.longscope.hub.DatasetManager;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Backend {@code openai}: a model an OpenAI-compatible server serves (vLLM, SGLang, a hosted API,
 * LongScope's own {@code longscope serve}). The reference is the base URL, or several separated
 * by commas. Opening checks, before any work, that a replica answers, that the key is accepted and
 * that the model is served, and finds the window (option {@code context_length}, else the
 * server's {@code /tokenize}). The tokenizer is the one the spec names ({@code tokenizer}: a local
 * {@code tokenizer.json} or its folder, or {@code hub:owner/name[@revision]} fetched through the
 * dataset manager), else the server's {@code /tokenize}.
 */
@Component(service = ModelBackend.class, property = {"longscope.kind=backend", "longscope.id=openai",
        "longscope.description=models served over the OpenAI API (vLLM, SGLang, hosted APIs, LongScope's /v1)"})
public final class OpenAiBackend implements ModelBackend {

    /** Fetches a hub tokenizer into the dataset cache; absent outside the platform. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DatasetManager datasets;

    public OpenAiBackend() {
    }

    /** A backend that fetches hub tokenizers through {@code datasets} (tests, or use outside OSGi). */
    OpenAiBackend(DatasetManager datasets) {
        this.datasets = datasets;
    }

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
        ServerTokenizer server = new ServerTokenizer(client, model);
        Tokenizer tokenizer = parsed.tokenizer() == null ? server : named(parsed.tokenizer());
        int contextLength = parsed.contextLength();
        if (contextLength == 0) {
            try {
                contextLength = server.maxModelLength();
            } catch (InvalidInputException e) {
                contextLength = 0;
            }
            if (contextLength <= 0) {
                throw new InvalidInputException("model.options.context_length", "the server reports no window for " + model
                        + "; give context_length");
            }
        }
        return new OpenAiModel(client, parsed, model, tokenizer, contextLength);
    }

    /** A local tokenizer.json (or its folder), or {@code hub:owner/name[@revision]} through the dataset manager. */
    private NamedTokenizer named(String location) {
        if (!location.startsWith("hub:")) {
            return NamedTokenizer.open(java.nio.file.Path.of(location));
        }
        String repository = location.substring(4);
        String revision = "main";
        int at = repository.indexOf('@');
        if (at > 0) {
            revision = repository.substring(at + 1);
            repository = repository.substring(0, at);
        }
        DatasetManager manager = datasets;
        if (manager == null) {
            throw new InvalidInputException("model.options.tokenizer", "a hub tokenizer needs the dataset manager of the "
                    + "core bundle; name a local tokenizer.json instead");
        }
        DataFile file = DataFile.ofModel(repository, revision, "tokenizer.json");
        try {
            return NamedTokenizer.open(manager.ensure("the openai backend", List.of(file), null).getFirst());
        } catch (DatasetException e) {
            if (e.reason() == DatasetException.Reason.OFFLINE_MISSING) {
                throw new InvalidInputException("model.options.tokenizer", "the tokenizer of " + repository + " is not in the "
                        + "dataset cache and offline mode is on: run once with network access, or copy tokenizer.json to "
                        + manager.locate(file), e);
            }
            throw new InvalidInputException("model.options.tokenizer", "cannot fetch the tokenizer of " + repository + ": "
                    + e.getMessage(), e);
        }
    }
}
