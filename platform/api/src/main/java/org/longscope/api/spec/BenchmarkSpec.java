package org.longscope.api.spec;

import java.util.List;
import java.util.Map;

/**
 * One benchmark of a run.
 *
 * @param id      {@code longscope.id} of the benchmark adapter
 * @param tasks   task names; empty for all tasks
 * @param lengths target lengths in tokens for generated tasks
 * @param samples samples per length (generated) or in total (datasets); 0 for all
 * @param seed    seed of sample generation and selection
 * @param params  task parameters (e.g. {@code depths})
 */
public record BenchmarkSpec(
        String id, List<String> tasks, List<Integer> lengths, int samples, long seed, Map<String, Object> params) {
    public BenchmarkSpec {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        lengths = lengths == null ? List.of() : List.copyOf(lengths);
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
