package org.longscope.core.plan;

import org.longscope.api.bench.Sample;
import org.longscope.api.kv.KvMethodSpec;

/**
 * One unit of work: one sample of one benchmark under one KV method.
 *
 * @param key         stable key {@code benchmark/task/length/sample-id/kv-label}: what a resumed run matches on
 * @param benchmarkId the adapter's id
 * @param sample      the sample
 * @param kvLabel     label of the KV method ({@code full} for the full cache)
 * @param kvMethod    the method to request, or {@code null} for the full cache
 */
public record WorkItem(String key, String benchmarkId, Sample sample, String kvLabel, KvMethodSpec kvMethod) {

    public static String key(String benchmarkId, Sample sample, String kvLabel) {
        return benchmarkId + "/" + sample.task() + "/" + sample.targetLength() + "/" + sample.id() + "/" + kvLabel;
    }
}
