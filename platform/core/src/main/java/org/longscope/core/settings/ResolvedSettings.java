package org.longscope.core.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.core.json.Json;
import org.longscope.core.spec.SpecWriter;

/**
 * The settings a run actually used, with hashes so two runs can be checked for identical
 * conditions: {@code settings_sha256} over the canonical JSON of the settings (with the effective
 * max length), {@code chat_template_sha256} over the model's template text.
 */
public final class ResolvedSettings {
    private ResolvedSettings() {
    }

    public static ObjectNode describe(EvaluationSettings settings, ModelInfo model) {
        ObjectNode resolved = SpecWriter.settings(settings);
        resolved.put("effective_max_length", settings.maxLength() > 0 ? settings.maxLength() : model.contextLength());
        resolved.put("answer_prefix", settings.answerBoundary()
                ? "appended after the generation prompt, with the following space when the tokenizer keeps it as its own token"
                : "appended after the generation prompt as written");
        resolved.put("plain_separator", PromptPreparer.PLAIN_SEPARATOR);
        ObjectNode out = Json.object();
        out.set("settings", resolved);
        out.put("settings_sha256", Json.sha256(Json.canonical(resolved)));
        out.put("chat_template_sha256", model.chatTemplate() == null ? null : Json.sha256(model.chatTemplate()));
        return out;
    }
}
