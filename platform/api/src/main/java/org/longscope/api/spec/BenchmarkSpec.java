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
 * @param windowPercents further target lengths as percentages (1-100) of the model's effective
 *                maximum length ({@code 50%} in a spec), resolved when the model is open, so
 *                that one suite runs at each model's own lengths
 */
public record BenchmarkSpec(
        String id, List<String> tasks, List<Integer> lengths, int samples, long seed, Map<String, Object> params,
        List<Integer> windowPercents) {
    public BenchmarkSpec {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        lengths = lengths == null ? List.of() : List.copyOf(lengths);
        params = params == null ? Map.of() : Map.copyOf(params);
        windowPercents = windowPercents == null ? List.of() : List.copyOf(windowPercents);
    }

    /** A benchmark with absolute lengths only. */
    public BenchmarkSpec(String id, List<String> tasks, List<Integer> lengths, int samples, long seed, Map<String, Object> params) {
        this(id, tasks, lengths, samples, seed, params, List.of());
    }

    /** The target lengths for a model whose effective maximum length is {@code maxLength}: the absolute ones, then the percentages, without repeats. */
    public List<Integer> lengthsFor(int maxLength) {
        java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>(lengths);
        for (int percent : windowPercents) {
            all.add(Math.max(1, (int) ((long) maxLength * percent / 100)));
        }
        return List.copyOf(all);
    }

    /** The lengths as a spec writes them: token counts, then percentages like {@code "50%"}. */
    public List<Object> lengthsAsWritten() {
        List<Object> written = new java.util.ArrayList<>(lengths);
        windowPercents.forEach(p -> written.add(p + "%"));
        return written;
    }
}
