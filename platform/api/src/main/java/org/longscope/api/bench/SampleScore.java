package org.longscope.api.bench;

import java.util.Map;

/**
 * Scores of one response, by metric name (upstream spelling), usually on a 0-100 scale.
 *
 * @param metrics metric values
 * @param detail  optional short explanation (matched references), may be empty
 */
public record SampleScore(Map<String, Double> metrics, String detail) {
    public SampleScore {
        metrics = Map.copyOf(metrics);
        detail = detail == null ? "" : detail;
    }

    public static SampleScore of(String metric, double value) {
        return new SampleScore(Map.of(metric, value), "");
    }
}
