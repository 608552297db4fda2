package org.longscope.core.runs;

import java.util.List;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.kv.ParamSpec;

/**
 * One registered service.
 *
 * @param kind          {@code backend}, {@code kv}, {@code benchmark} or {@code judge}
 * @param id            its {@code longscope.id}
 * @param bundle        symbolic name of the bundle that registered it
 * @param bundleVersion that bundle's version
 * @param description   the {@code longscope.description} property, or empty
 * @param benchmark     for benchmarks: tasks, metrics and data files; else {@code null}
 * @param parameters    for KV methods: their parameters with defaults and ranges; else empty
 */
public record ServiceEntry(String kind, String id, String bundle, String bundleVersion, String description,
        BenchmarkInfo benchmark, List<ParamSpec> parameters) {
    public ServiceEntry {
        description = description == null ? "" : description;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
