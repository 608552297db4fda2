package org.longscope.api.model;

import java.util.Map;

/**
 * What a model is.
 *
 * @param name              display name
 * @param architecture      e.g. {@code llama}, {@code qwen2}, {@code qwen3}, or {@code remote}
 * @param contextLength     the context window in tokens
 * @param chatTemplate      the model's own Jinja chat template, or {@code null} if it has none
 * @param bosToken          beginning-of-sequence token text, or {@code null}
 * @param eosToken          end-of-sequence token text, or {@code null}
 * @param acceptsKvMethods  whether {@link GenerationRequest#kvMethod()} is honoured
 * @param hasRewardHead     whether {@link LanguageModel#reward(String)} is available
 * @param providesLogProbs  whether {@link LanguageModel#continuationLogProbs} is available (likelihood
 *                          judges and perplexity-style scoring need it)
 * @param details           free-form facts (parameter count, dtype, file) for reports
 */
public record ModelInfo(
        String name,
        String architecture,
        int contextLength,
        String chatTemplate,
        String bosToken,
        String eosToken,
        boolean acceptsKvMethods,
        boolean hasRewardHead,
        boolean providesLogProbs,
        Map<String, Object> details) {
    public ModelInfo {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A model that gives no log-probabilities (the form of API 1.1 and earlier). */
    public ModelInfo(String name, String architecture, int contextLength, String chatTemplate, String bosToken,
            String eosToken, boolean acceptsKvMethods, boolean hasRewardHead, Map<String, Object> details) {
        this(name, architecture, contextLength, chatTemplate, bosToken, eosToken, acceptsKvMethods, hasRewardHead,
                false, details);
    }
}
