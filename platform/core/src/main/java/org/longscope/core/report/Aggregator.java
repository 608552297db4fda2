package org.longscope.core.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.ScoredSample;
import org.longscope.core.json.Json;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleRecord.Status;

/**
 * Turns the stored records into the {@code methods} part of summary.json: per KV method, each
 * benchmark's aggregate (the adapter's own {@code aggregate}: per task, per length bucket,
 * overall) and the mean of each metric per task and target length ({@code per_task_length}, the
 * lengths a run asked for, as RULER reports them), beside the method's mean KV bytes resident and offloaded per sample and its prefill and
 * decode throughput (total tokens over total time of its samples).
 */
public final class Aggregator {

    private static final System.Logger LOG = System.getLogger(Aggregator.class.getName());

    private final Map<String, BenchmarkAdapter> adapters;
    private final Map<String, Sample> samples;
    private final Path artifactsRoot;

    /**
     * @param adapters the run's benchmark adapters by id
     * @param samples  full samples by {@code benchmark/task/length/sample-id} (their data may hold
     *                 fields the stored records shortened); records without one use their stored data
     */
    public Aggregator(Map<String, BenchmarkAdapter> adapters, Map<String, Sample> samples) {
        this(adapters, samples, null);
    }

    /**
     * @param artifactsRoot the run directory, where each adapter writes its pictures
     *                      ({@link BenchmarkAdapter#writeArtifacts}); {@code null} writes none
     */
    public Aggregator(Map<String, BenchmarkAdapter> adapters, Map<String, Sample> samples, Path artifactsRoot) {
        this.adapters = adapters;
        this.samples = samples;
        this.artifactsRoot = artifactsRoot;
    }

    public ArrayNode methods(List<String> kvLabels, List<SampleRecord> records) {
        ArrayNode methods = Json.array();
        for (String kv : kvLabels) {
            List<SampleRecord> ofMethod = records.stream().filter(r -> r.kv().equals(kv)).toList();
            methods.add(method(kv, ofMethod, artifactDirectory(kvLabels, kv)));
        }
        return methods;
    }

    /** The run directory for a single method; one subfolder per method in a comparison run. */
    private Path artifactDirectory(List<String> kvLabels, String kv) {
        if (artifactsRoot == null) {
            return null;
        }
        return kvLabels.size() == 1 ? artifactsRoot : artifactsRoot.resolve(artifactFolder(kv));
    }

    /** File-system-safe folder name of a KV label ({@code snapkv:budget=512} -> {@code snapkv_budget-512}). */
    public static String artifactFolder(String kvLabel) {
        return kvLabel.replace(':', '_').replace('=', '-').replaceAll("[^A-Za-z0-9._,-]", "_");
    }

    private ObjectNode method(String kv, List<SampleRecord> records, Path artifacts) {
        ObjectNode m = Json.object();
        m.put("kv", kv);
        m.put("done", count(records, Status.DONE));
        m.put("failed", count(records, Status.FAILED));
        m.put("skipped", count(records, Status.SKIPPED));
        List<SampleRecord> done = records.stream().filter(r -> r.status() == Status.DONE).toList();
        Resources.of(done).writeTo(m);
        ObjectNode benchmarks = m.putObject("benchmarks");
        Map<String, List<ScoredSample>> byBenchmark = new LinkedHashMap<>();
        for (SampleRecord r : done) {
            byBenchmark.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(scored(r));
        }
        byBenchmark.forEach((id, scored) -> {
            BenchmarkAdapter adapter = adapters.get(id);
            Aggregate aggregate = adapter != null ? adapter.aggregate(scored) : Aggregate.means(scored);
            ObjectNode json = toJson(aggregate);
            json.set("per_task_length", perTaskLength(scored));
            benchmarks.set(id, json);
            if (adapter != null && artifacts != null) {
                writeArtifacts(adapter, id, scored, artifacts, m);
            }
        });
        return m;
    }

    /** Pictures are a by-product: a failure is reported in the summary, never fails the run. */
    private static void writeArtifacts(BenchmarkAdapter adapter, String id, List<ScoredSample> scored, Path dir,
            ObjectNode method) {
        try {
            Files.createDirectories(dir);
            adapter.writeArtifacts(scored, dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "benchmark " + id + " could not write its pictures to " + dir, e);
            method.with("artifact_errors").put(id, String.valueOf(e));
        }
    }

    private ScoredSample scored(SampleRecord r) {
        Sample sample = samples.get(r.benchmark() + "/" + r.task() + "/" + r.targetLength() + "/" + r.sampleId());
        return new ScoredSample(r.sampleId(), r.task(), r.targetLength(), r.promptTokens(), r.metrics(),
                sample != null ? sample.data() : r.data());
    }

    /** task -> target length -> metric -> mean over the samples of that task and length. */
    static ObjectNode perTaskLength(List<ScoredSample> scored) {
        Map<String, Map<Integer, Map<String, double[]>>> sums = new java.util.TreeMap<>();
        for (ScoredSample s : scored) {
            Map<String, double[]> metrics = sums.computeIfAbsent(s.task(), t -> new java.util.TreeMap<>())
                    .computeIfAbsent(s.targetLength(), l -> new java.util.TreeMap<>());
            s.metrics().forEach((metric, value) -> {
                double[] sumAndCount = metrics.computeIfAbsent(metric, m -> new double[2]);
                sumAndCount[0] += value;
                sumAndCount[1]++;
            });
        }
        ObjectNode out = Json.object();
        sums.forEach((task, byLength) -> {
            ObjectNode t = out.putObject(task);
            byLength.forEach((length, metrics) -> {
                ObjectNode l = t.putObject(Integer.toString(length));
                metrics.forEach((metric, sumAndCount) -> l.put(metric, sumAndCount[0] / sumAndCount[1]));
            });
        });
        return out;
    }

    private static int count(List<SampleRecord> records, Status status) {
        return (int) records.stream().filter(r -> r.status() == status).count();
    }

    static ObjectNode toJson(Aggregate a) {
        ObjectNode o = Json.object();
        o.put("samples", a.samples());
        o.set("overall", Json.MAPPER.valueToTree(a.overall()));
        o.set("per_task", Json.MAPPER.valueToTree(a.perTask()));
        o.set("per_bucket", Json.MAPPER.valueToTree(a.perBucket()));
        o.set("per_task_bucket", Json.MAPPER.valueToTree(a.perTaskBucket()));
        return o;
    }

    /** Memory and speed of one method over its finished samples. */
    record Resources(double kvBytesResident, double kvBytesOffloaded, double prefillTokensPerSecond,
            double decodeTokensPerSecond) {

        static Resources of(List<SampleRecord> done) {
            long resident = 0;
            long offloaded = 0;
            int withKv = 0;
            long promptTokens = 0;
            long prefillNanos = 0;
            long decodeSteps = 0;
            long decodeNanos = 0;
            for (SampleRecord r : done) {
                if (r.kvBytesResident() >= 0) {
                    resident += r.kvBytesResident();
                    offloaded += Math.max(0, r.kvBytesOffloaded());
                    withKv++;
                }
                if (r.prefillNanos() > 0) {
                    promptTokens += r.promptTokens();
                    prefillNanos += r.prefillNanos();
                }
                if (r.decodeNanos() > 0) {
                    decodeSteps += r.decodeSteps();
                    decodeNanos += r.decodeNanos();
                }
            }
            return new Resources(
                    withKv == 0 ? -1 : (double) resident / withKv,
                    withKv == 0 ? -1 : (double) offloaded / withKv,
                    prefillNanos == 0 ? 0 : promptTokens * 1e9 / prefillNanos,
                    decodeNanos == 0 ? 0 : decodeSteps * 1e9 / decodeNanos);
        }

        void writeTo(ObjectNode m) {
            m.put("kv_bytes_resident_mean", kvBytesResident);
            m.put("kv_bytes_offloaded_mean", kvBytesOffloaded);
            m.put("prefill_tokens_per_s", prefillTokensPerSecond);
            m.put("decode_tokens_per_s", decodeTokensPerSecond);
        }
    }
}
