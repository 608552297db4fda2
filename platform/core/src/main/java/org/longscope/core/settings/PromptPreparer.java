package org.longscope.core.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.Truncation;
import org.longscope.core.template.ChatTemplate;

/**
 * The one place the standardized evaluation settings are applied to a prompt: the model's own chat
 * template (or the plain contents for tasks run without it), truncation of the long message in the
 * model's tokens, and the answer prefix after the generation prompt, ending at the answer's token
 * boundary ({@link AnswerBoundary}). Thread-safe.
 *
 * <p>Budget: {@code max_length} (or the model's context window) minus the sample's
 * {@code maxNewTokens}; the long message gets that minus everything else in the prompt.
 */
public final class PromptPreparer {

    /** Separator of message contents when a task runs without the chat template. */
    public static final String PLAIN_SEPARATOR = "\n\n";

    private final EvaluationSettings settings;
    private final ModelInfo model;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    /** Answer prefix as written -> as the prompt ends with it (samples of a task share a few prefixes). */
    private final Map<String, String> answerPrefixes = new ConcurrentHashMap<>();

    public PromptPreparer(EvaluationSettings settings, ModelInfo model, Tokenizer tokenizer) {
        this.settings = settings;
        this.model = model;
        this.tokenizer = tokenizer;
        boolean hasTemplate = model.chatTemplate() != null && !model.chatTemplate().isBlank();
        this.template = hasTemplate ? ChatTemplate.of(model.chatTemplate()) : null;
    }

    /** Prompt + generation budget in tokens. */
    public int maxLength() {
        return settings.maxLength() > 0 ? settings.maxLength() : model.contextLength();
    }

    /** Tokens the template and generation prompt add around an empty user message. */
    public int templateOverhead(String task) {
        return tokenizer.count(build(List.of(ChatMessage.user("")), settings.templateFor(task), true));
    }

    public PreparedPrompt prepare(String task, RenderedPrompt rendered) {
        return prepare(rendered.messages(), rendered.truncateMessage(), answerPrefix(rendered.answerPrefix()),
                rendered.maxNewTokens(), true, settings.templateFor(task) && rendered.chatTemplate());
    }

    /**
     * A judge's prompt under the same settings: the chat template with the generation prompt (to
     * generate, or to score a continuation) or without it (a conversation that ends with the
     * response, for a reward head), message {@code truncateMessage} cut to fit. No answer prefix.
     */
    public PreparedPrompt prepareJudgement(String task, List<ChatMessage> messages, int truncateMessage, int maxNewTokens,
            boolean generationPrompt) {
        return prepare(messages, truncateMessage, "", maxNewTokens, generationPrompt, settings.templateFor(task));
    }

    private PreparedPrompt prepare(List<ChatMessage> original, int truncateMessage, String answerPrefix,
            int maxNewTokens, boolean generationPrompt, boolean templated) {
        int limit = maxLength() - maxNewTokens;
        if (limit <= 0) {
            throw new InvalidInputException("settings.max_length", "max_length " + maxLength()
                    + " leaves no room for the prompt after " + maxNewTokens + " new tokens");
        }
        String text = build(original, templated, generationPrompt) + answerPrefix;
        int total = tokenizer.count(text);
        if (total <= limit) {
            return prepared(text, original, answerPrefix, total, 0, false, templated);
        }
        if (settings.truncation() == Truncation.SKIP) {
            return prepared(text, original, answerPrefix, total, 0, true, templated);
        }
        ChatMessage longMessage = original.get(truncateMessage);
        int[] ids = tokenizer.encode(longMessage.content(), false);
        int budget = ids.length - (total - limit);
        // Token boundaries may merge differently after the cut: shrink until the whole prompt fits.
        for (int attempt = 0; attempt < 4; attempt++) {
            if (budget <= 0) {
                throw new InvalidInputException("settings.max_length", "the prompt without its long message already takes "
                        + (total - ids.length) + " tokens; max_length " + maxLength() + " minus "
                        + maxNewTokens + " new tokens leaves " + limit);
            }
            String content = Truncator.truncate(tokenizer, ids, budget, settings.truncation());
            List<ChatMessage> messages = new ArrayList<>(original);
            messages.set(truncateMessage, new ChatMessage(longMessage.role(), content));
            text = build(messages, templated, generationPrompt) + answerPrefix;
            int tokens = tokenizer.count(text);
            if (tokens <= limit) {
                return prepared(text, messages, answerPrefix, tokens, ids.length - budget, false, templated);
            }
            budget -= tokens - limit;
        }
        throw new InvalidInputException("settings.truncation", "could not fit the prompt into " + limit + " tokens");
    }

    /** The answer prefix the prompt ends with: as written, or at the answer's token boundary when that setting is on. */
    public String answerPrefix(String asWritten) {
        if (!settings.answerBoundary()) {
            return asWritten;
        }
        return answerPrefixes.computeIfAbsent(asWritten, p -> AnswerBoundary.prefix(p, tokenizer));
    }

    private PreparedPrompt prepared(String text, List<ChatMessage> messages, String answerPrefix, int tokens,
            int cut, boolean skipped, boolean templated) {
        boolean asMessages = templated && template == null; // a remote chat API applies its own template
        return new PreparedPrompt(asMessages ? null : text, asMessages ? List.copyOf(messages) : null, answerPrefix,
                tokens, cut, skipped, templated);
    }

    /** The prompt text; for a model without a template, the plain contents stand in for counting. */
    private String build(List<ChatMessage> messages, boolean templated, boolean generationPrompt) {
        if (!templated || template == null) {
            return messages.stream().map(ChatMessage::content).collect(Collectors.joining(PLAIN_SEPARATOR));
        }
        return template.render(messages, generationPrompt, model.bosToken(), model.eosToken(), settings.templateVariables());
    }
}
