package org.longscope.core.plan;

import org.longscope.api.bench.DataFile;

/** A data file a task of the run reads. */
public record PlannedData(String benchmarkId, String task, DataFile file) {
}
