package org.longscope.api.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregated scores of one benchmark.
 *
 * @param perTask        metric means per task
 * @param perTaskBucket  metric means per task and length bucket label ({@code task -> bucket -> metric})
 * @param perBucket      metric means per length bucket over all tasks
 * @param overall        metric means over all samples, plus summary figures an adapter adds
 * @param samples        number of scored samples
 */
public record Aggregate(
        Map<String, Map<String, Double>> perTask,
        Map<String, Map<String, Map<String, Double>>> perTaskBucket,
        Map<String, Map<String, Double>> perBucket,
        Map<String, Double> overall,
        int samples) {

    /** Mean of every metric per task, per task and bucket, per bucket and overall. */
    public static Aggregate means(List<ScoredSample> scored) {
        Map<String, List<ScoredSample>> byTask = new TreeMap<>();
        Map<LengthBucket, List<ScoredSample>> byBucket = new TreeMap<>();
        for (ScoredSample s : scored) {
            byTask.computeIfAbsent(s.task(), k -> new ArrayList<>()).add(s);
            byBucket.computeIfAbsent(LengthBucket.of(s.bucketLength()), k -> new ArrayList<>()).add(s);
        }
        Map<String, Map<String, Double>> perTask = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Double>>> perTaskBucket = new LinkedHashMap<>();
        byTask.forEach((task, list) -> {
            perTask.put(task, meanOf(list));
            Map<LengthBucket, List<ScoredSample>> buckets = new TreeMap<>();
            list.forEach(s -> buckets.computeIfAbsent(LengthBucket.of(s.bucketLength()), k -> new ArrayList<>()).add(s));
            Map<String, Map<String, Double>> tb = new LinkedHashMap<>();
            buckets.forEach((b, l) -> tb.put(b.label(), meanOf(l)));
            perTaskBucket.put(task, tb);
        });
        Map<String, Map<String, Double>> perBucket = new LinkedHashMap<>();
        byBucket.forEach((b, l) -> perBucket.put(b.label(), meanOf(l)));
        return new Aggregate(perTask, perTaskBucket, perBucket, meanOf(scored), scored.size());
    }

    /** Mean of each metric over the samples that carry it, in first-seen metric order. */
    public static Map<String, Double> meanOf(List<ScoredSample> samples) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (ScoredSample s : samples) {
            s.metrics().forEach((m, v) -> {
                double[] acc = sums.computeIfAbsent(m, k -> new double[2]);
                acc[0] += v;
                acc[1]++;
            });
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((m, acc) -> means.put(m, acc[0] / acc[1]));
        return means;
    }

    /** A copy with extra overall figures (e.g. effective length). */
    public Aggregate withOverall(Map<String, Double> extra) {
        Map<String, Double> merged = new LinkedHashMap<>(overall);
        merged.putAll(extra);
        return new Aggregate(perTask, perTaskBucket, perBucket, merged, samples);
    }
}
