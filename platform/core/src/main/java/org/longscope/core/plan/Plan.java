package org.longscope.core.plan;

import java.util.List;
import java.util.Map;
import org.longscope.api.bench.Sample;

/**
 * The expanded run.
 *
 * @param items    every work item, in execution order (sample-major, so a comparison run's
 *                 methods for one sample run close together)
 * @param kvLabels the KV method labels of the run, reference ({@code full}) first when added
 * @param samples  the samples by work-item key prefix {@code benchmark/task/length/sample-id}, for aggregation
 * @param data     the data files the selected tasks read
 */
public record Plan(List<WorkItem> items, List<String> kvLabels, Map<String, Sample> samples, List<PlannedData> data) {
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
