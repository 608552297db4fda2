package org.longscope.api.spec;

import java.util.List;
import org.longscope.api.kv.KvMethodSpec;

/**
 * A complete, resolved run description. Parsed and validated by the run engine from YAML or JSON.
 *
 * @param name        a human name for the run (also the run-id prefix)
 * @param model       the model under evaluation
 * @param kvMethods   KV methods to compare; empty means the full cache only. With several, the
 *                    run is a comparison run and {@code full} is added as the reference row.
 * @param benchmarks  what to evaluate
 * @param judge       reward judge for reward benchmarks, or {@code null}
 * @param settings    standardized evaluation settings
 * @param concurrency work items in flight at once against the backend (>= 1)
 * @param shard       the slice of the plan this run runs, or {@code null} for the whole plan
 */
public record RunSpec(
        String name,
        ModelSpec model,
        List<KvMethodSpec> kvMethods,
        List<BenchmarkSpec> benchmarks,
        JudgeSpec judge,
        EvaluationSettings settings,
        int concurrency,
        Shard shard) {
    public RunSpec {
        kvMethods = kvMethods == null ? List.of() : List.copyOf(kvMethods);
        benchmarks = List.copyOf(benchmarks);
        settings = settings == null ? EvaluationSettings.DEFAULTS : settings;
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
    }

    /** A run of the whole plan. */
    public RunSpec(String name, ModelSpec model, List<KvMethodSpec> kvMethods, List<BenchmarkSpec> benchmarks,
            JudgeSpec judge, EvaluationSettings settings, int concurrency) {
        this(name, model, kvMethods, benchmarks, judge, settings, concurrency, null);
    }
}
