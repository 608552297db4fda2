package org.longscope.api.bench;

import java.util.List;
import java.util.Map;

/**
 * One task of a benchmark.
 *
 * @param name          task name used in specs ({@code passkey}, {@code niah_single_1})
 * @param ability       ability category ({@code retrieval}, {@code multi-hop tracing},
 *                      {@code aggregation}, {@code qa}, {@code reward})
 * @param metrics       names of the metrics its scores carry, upstream spelling
 *                      ({@code string_match_all})
 * @param generated     true if samples are generated to any requested length
 * @param parameters    task parameters with their defaults (e.g. {@code depths})
 * @param description   one line
 */
public record TaskInfo(
        String name, String ability, List<String> metrics, boolean generated,
        Map<String, Object> parameters, String description) {
    public TaskInfo {
        metrics = List.copyOf(metrics);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
