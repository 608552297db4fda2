package org.longscope.api.bench;

import java.util.List;

/**
 * What a benchmark offers.
 *
 * @param id          the service id
 * @param description one paragraph
 * @param tasks       its tasks
 * @param dataFiles   files it needs downloaded (empty for generated data)
 */
public record BenchmarkInfo(String id, String description, List<TaskInfo> tasks, List<DataFile> dataFiles) {
    public BenchmarkInfo {
        tasks = List.copyOf(tasks);
        dataFiles = dataFiles == null ? List.of() : List.copyOf(dataFiles);
    }

    public java.util.Optional<TaskInfo> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
