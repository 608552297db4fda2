package org.longscope.core.settings;

/**
 * A prompt after the standardized settings: the exact text the model gets.
 *
 * @param text            template applied, long message truncated, answer prefix appended; or
 *                        {@code null} when the model has no template of its own and gets the
 *                        messages instead (a remote chat API applies its template itself)
 * @param messages        the (truncated) messages when {@code text} is null, else {@code null}
 * @param answerPrefix    the answer prefix the prompt ends with (with the space the answer boundary
 *                        moved into the prompt, if any)
 * @param promptTokens    its length in the model's tokens
 * @param truncatedTokens tokens removed from the long message (0 when it fit)
 * @param skipped         true when truncation is {@code skip} and the prompt did not fit
 * @param templated       whether the chat template was applied
 */
public record PreparedPrompt(String text, java.util.List<org.longscope.api.model.ChatMessage> messages, String answerPrefix, int promptTokens, int truncatedTokens, boolean skipped, boolean templated) {
}
