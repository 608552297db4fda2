package org.longscope.api.model;

/**
 * Wall-clock times of one generation.
 *
 * @param prefillNanos time to process the prompt (up to the first generated token's logits)
 * @param decodeNanos  time spent generating tokens after the first
 * @param decodeSteps  number of decode forward passes timed in {@code decodeNanos}
 */
public record Timings(long prefillNanos, long decodeNanos, int decodeSteps) {
    public static final Timings NONE = new Timings(0, 0, 0);

    /** Prompt tokens per second, or 0 when unknown. */
    public double prefillTokensPerSecond(int promptTokens) {
        return prefillNanos <= 0 ? 0 : promptTokens * 1e9 / prefillNanos;
    }

    /** Generated tokens per second after the first, or 0 when unknown. */
    public double decodeTokensPerSecond() {
        return decodeNanos <= 0 ? 0 : decodeSteps * 1e9 / decodeNanos;
    }
}
