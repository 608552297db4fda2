package org.longscope.bench.longbench;

import org.longscope.api.bench.BenchmarkAdapter;
import org.osgi.service.component.annotations.Component;

/** LongBench-E: the 13 length-balanced tasks, scored per length bucket. */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=longbench-e"})
public final class LongBenchEBenchmark extends LongBenchAdapter {
    public LongBenchEBenchmark() {
        super("longbench-e", true);
    }
}
