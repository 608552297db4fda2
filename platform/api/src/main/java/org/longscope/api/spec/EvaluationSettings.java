package org.longscope.api.spec;

import java.util.Map;
import org.longscope.api.model.Decoding;

/**
 * Evaluation settings, standardized by the run engine for every benchmark and model.
 *
 * @param chatTemplate      render prompts with the model's own chat template (default true)
 * @param noTemplateTasks   tasks run without the chat template even when it is on (e.g. few-shot
 *                          completion tasks)
 * @param truncation        what to do with prompts over the budget
 * @param maxLength         prompt + generation budget in tokens; 0 means the model's context window
 * @param stripThinking     remove {@code <think>...</think>} from responses before scoring
 * @param decoding          decoding (greedy by default)
 * @param templateVariables extra variables for the chat template (e.g. {@code enable_thinking})
 * @param answerBoundary    end the prompt at the answer's token boundary (default true): when the
 *                          model's tokenizer keeps the space after the answer prefix as a token of its
 *                          own, that space goes into the prompt instead of being the answer's first token
 */
public record EvaluationSettings(
        boolean chatTemplate,
        java.util.List<String> noTemplateTasks,
        Truncation truncation,
        int maxLength,
        boolean stripThinking,
        Decoding decoding,
        Map<String, Object> templateVariables,
        boolean answerBoundary) {

    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(
            true, java.util.List.of(), Truncation.MIDDLE, 0, true, Decoding.GREEDY, Map.of(), true);

    public EvaluationSettings {
        noTemplateTasks = noTemplateTasks == null ? java.util.List.of() : java.util.List.copyOf(noTemplateTasks);
        truncation = truncation == null ? Truncation.MIDDLE : truncation;
        decoding = decoding == null ? Decoding.GREEDY : decoding;
        templateVariables = templateVariables == null ? Map.of() : Map.copyOf(templateVariables);
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0");
        }
    }

    /** The settings with the answer boundary on (its default). */
    public EvaluationSettings(boolean chatTemplate, java.util.List<String> noTemplateTasks, Truncation truncation,
            int maxLength, boolean stripThinking, Decoding decoding, Map<String, Object> templateVariables) {
        this(chatTemplate, noTemplateTasks, truncation, maxLength, stripThinking, decoding, templateVariables, true);
    }

    /** Whether the chat template applies to a task. */
    public boolean templateFor(String task) {
        return chatTemplate && !noTemplateTasks.contains(task);
    }
}
