package org.longscope.api.model;

import java.util.List;
import org.longscope.api.kv.KvMethodSpec;

/**
 * One generation. Exactly one of {@link #prompt()} and {@link #messages()} is set: the run engine
 * normally renders the chat template itself (standardized settings) and passes the final prompt
 * text; a backend that can only take chat messages (a remote chat API) gets the messages.
 *
 * @param prompt        the complete prompt text, template already applied, or {@code null}
 * @param messages      chat messages for backends that apply the template themselves, or {@code null}
 * @param answerPrefix  text the answer is forced to begin with (already part of {@code prompt}
 *                      when {@code prompt} is set; appended after the template otherwise); never
 *                      repeated in {@link Completion#text()}
 * @param maxNewTokens  upper bound on generated tokens (> 0)
 * @param stop          stop strings; generation ends before the first one, which is not returned
 * @param decoding      greedy or sampled
 * @param kvMethod      KV-cache method to use for this request, or {@code null} for the full cache
 */
public record GenerationRequest(
        String prompt,
        List<ChatMessage> messages,
        String answerPrefix,
        int maxNewTokens,
        List<String> stop,
        Decoding decoding,
        KvMethodSpec kvMethod) {

    public GenerationRequest {
        if ((prompt == null) == (messages == null)) {
            throw new IllegalArgumentException("exactly one of prompt and messages must be set");
        }
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
        }
        messages = messages == null ? null : List.copyOf(messages);
        answerPrefix = answerPrefix == null ? "" : answerPrefix;
        stop = stop == null ? List.of() : List.copyOf(stop);
        decoding = decoding == null ? Decoding.GREEDY : decoding;
    }

    /** A greedy request for raw prompt text. */
    public static GenerationRequest ofPrompt(String prompt, int maxNewTokens) {
        return new GenerationRequest(prompt, null, "", maxNewTokens, List.of(), Decoding.GREEDY, null);
    }

    public GenerationRequest withKvMethod(KvMethodSpec spec) {
        return new GenerationRequest(prompt, messages, answerPrefix, maxNewTokens, stop, decoding, spec);
    }

}
