package org.longscope.core.suites;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.spec.BenchmarkSpec;

/**
 * A named set of benchmarks to run together.
 *
 * @param name        short name ({@code quick}); the run name a suite run gets by default
 * @param description one paragraph: what it covers and how long it takes
 * @param benchmarks  the benchmarks, exactly as in a run spec's {@code benchmarks:} list
 * @param source      where it was read from (a resource or file name), for messages
 */
public record Suite(String name, String description, List<BenchmarkSpec> benchmarks, String source) {
    public Suite {
        benchmarks = List.copyOf(benchmarks);
    }

    /** The same suite with every benchmark's seed replaced (e.g. for a {@code --seed} flag). */
    public Suite withSeed(long seed) {
        List<BenchmarkSpec> reseeded = benchmarks.stream()
                .map(b -> new BenchmarkSpec(b.id(), b.tasks(), b.lengths(), b.samples(), seed, b.params(), b.windowPercents()))
                .toList();
        return new Suite(name, description, reseeded, source);
    }

    /** Ids of the benchmarks it uses, in order, without repeats. */
    public List<String> benchmarkIds() {
        return benchmarks.stream().map(BenchmarkSpec::id).distinct().toList();
    }

    /**
     * The suite as run-spec fields ({@code name} and {@code benchmarks}), for callers that add the
     * model and settings from flags and hand the map to the spec parser.
     */
    public Map<String, Object> specFields() {
        List<Object> list = new ArrayList<>();
        for (BenchmarkSpec b : benchmarks) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", b.id());
            entry.put("tasks", b.tasks());
            entry.put("lengths", b.lengthsAsWritten());
            entry.put("samples", b.samples());
            entry.put("seed", b.seed());
            entry.put("params", b.params());
            list.add(entry);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("benchmarks", list);
        return fields;
    }
}
