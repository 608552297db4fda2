package org.longscope.api.bench;

import java.util.List;
import org.longscope.api.model.ChatMessage;

/**
 * A sample as the model should see it, before the standardized settings (chat template,
 * truncation, answer prefix) are applied by the run engine.
 *
 * @param messages         chat messages; the run engine truncates the content of
 *                         {@code truncateMessage} when the prompt is too long
 * @param truncateMessage  index in {@code messages} of the long-context message
 * @param answerPrefix     text the answer starts with (RULER's "The special magic number is:")
 * @param maxNewTokens     tokens to generate
 * @param stop             stop strings
 * @param chatTemplate     false for a task its upstream runs without the chat template (LongBench's
 *                         few-shot and code tasks): the prompt is then the plain message contents,
 *                         whatever the run's {@code chat_template} setting
 */
public record RenderedPrompt(
        List<ChatMessage> messages, int truncateMessage, String answerPrefix, int maxNewTokens,
        List<String> stop, boolean chatTemplate) {

    public RenderedPrompt(List<ChatMessage> messages, int truncateMessage, String answerPrefix, int maxNewTokens,
            List<String> stop) {
        this(messages, truncateMessage, answerPrefix, maxNewTokens, stop, true);
    }

    public RenderedPrompt {
        messages = List.copyOf(messages);
        if (truncateMessage < 0 || truncateMessage >= messages.size()) {
            throw new IllegalArgumentException("truncateMessage " + truncateMessage + " is not a message index");
        }
        answerPrefix = answerPrefix == null ? "" : answerPrefix;
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** A single user message to be answered. */
    public static RenderedPrompt user(String content, String answerPrefix, int maxNewTokens) {
        return new RenderedPrompt(List.of(ChatMessage.user(content)), 0, answerPrefix, maxNewTokens, List.of());
    }
}
