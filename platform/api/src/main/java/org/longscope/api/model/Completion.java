package org.longscope.api.model;

import org.longscope.api.kv.KvStats;

/**
 * The result of one generation.
 *
 * @param text             generated text, without the answer prefix and without the stop string
 * @param promptTokens     tokens of the prompt as the model saw it
 * @param completionTokens generated tokens
 * @param finishReason     why generation ended
 * @param timings          prefill and decode time
 * @param kvStats          KV-cache statistics at the end of the request, or {@code null} if the
 *                         backend has no visible cache (a remote server)
 */
public record Completion(
        String text,
        int promptTokens,
        int completionTokens,
        FinishReason finishReason,
        Timings timings,
        KvStats kvStats) {

    public enum FinishReason {
        /** An end-of-sequence token. */
        EOS,
        /** A stop string. */
        STOP,
        /** {@code maxNewTokens} reached. */
        LENGTH
    }
}
