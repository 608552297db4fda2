package org.longscope.api.bench;

import java.util.Map;

/**
 * A finished sample as aggregation sees it.
 *
 * @param sampleId     the sample's id
 * @param task         its task
 * @param targetLength its target length (0 for dataset samples)
 * @param promptTokens prompt length in the model's tokens (after truncation): the length bucket
 * @param metrics      its scores
 * @param data         the sample's data (for adapters that aggregate by a field, e.g. NIAH depth)
 */
public record ScoredSample(
        String sampleId, String task, int targetLength, int promptTokens, Map<String, Double> metrics,
        Map<String, Object> data) {
    public ScoredSample {
        metrics = Map.copyOf(metrics);
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The length a sample is bucketed by: its target length when generated, else its prompt length. */
    public int bucketLength() {
        return targetLength > 0 ? targetLength : promptTokens;
    }
}
