package org.longscope.core.plan;

import java.util.List;
import java.util.Map;
import org.longscope.api.bench.Sample;

/**
 * The expanded run.
 *
 * @param items    the work items to run, in execution order (sample-major, so a comparison run's
 *                 methods for one sample run close together): the whole plan, or a shard's slice
 * @param kvLabels the KV method labels of the run, reference ({@code full}) first when added
 * @param samples  the samples by work-item key prefix {@code benchmark/task/length/sample-id}, for aggregation
 * @param data     the data files the selected tasks read
 * @param wholeSize the work items of the whole plan (more than {@code items} in a shard)
 */
public record Plan(List<WorkItem> items, List<String> kvLabels, Map<String, Sample> samples, List<PlannedData> data,
        int wholeSize) {
    public Plan {
        items = List.copyOf(items);
        kvLabels = List.copyOf(kvLabels);
        samples = Map.copyOf(samples);
        data = List.copyOf(data);
    }

    public int size() {
        return items.size();
    }
}
