package org.longscope.bench.longbench;

import org.longscope.api.bench.BenchmarkAdapter;
import org.osgi.service.component.annotations.Component;

/** LongBench v1: all 21 tasks. */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=longbench"})
public final class LongBenchBenchmark extends LongBenchAdapter {
    public LongBenchBenchmark() {
        super("longbench", false);
    }
}
