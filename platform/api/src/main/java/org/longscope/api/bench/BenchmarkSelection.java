package org.longscope.api.bench;

import java.util.List;
import java.util.Map;

/**
 * Which samples of a task to produce.
 *
 * @param task    task name
 * @param lengths target lengths in model tokens (generated tasks), or empty for the dataset's own
 * @param samples samples per length (generated) or in total (datasets); 0 for all
 * @param params  task parameters (e.g. {@code depths}), already merged with the task's defaults
 *                by the caller only if the adapter says so; adapters validate them
 */
public record BenchmarkSelection(String task, List<Integer> lengths, int samples, Map<String, Object> params) {
    public BenchmarkSelection {
        lengths = lengths == null ? List.of() : List.copyOf(lengths);
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
