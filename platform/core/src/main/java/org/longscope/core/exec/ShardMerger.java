package org.longscope.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.core.json.Json;
import org.longscope.core.plan.ShardSlice;
import org.longscope.core.registry.Plugins;
import org.longscope.core.report.Aggregator;
import org.longscope.core.report.SummaryWriter;
import org.longscope.core.runs.RunState;
import org.longscope.core.store.RunDirectory;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleStore;

/**
 * Merges the run directories of one sharded run ({@code --shard 1/N} ... {@code N/N}) into one run
 * directory whose samples and summary are the unsharded run's: the shards must have the same spec
 * but for the shard, the same settings and model, and together every slice once; each record must
 * belong to its shard's slice. A merge of unfinished shards is a cancelled run: resuming it runs
 * the missing items.
 */
final class ShardMerger {
    private final Plugins plugins;

    ShardMerger(Plugins plugins) {
        this.plugins = plugins;
    }

    /** Writes the merged run into {@code target} (an empty, new run directory). */
    void merge(List<Path> shardDirectories, RunDirectory target) throws IOException {
        Map<Integer, RunDirectory> byIndex = new TreeMap<>();
        ObjectNode first = null;
        JsonNode commonSpec = null;
        int count = -1;
        for (Path path : shardDirectories) {
            RunDirectory shard = new RunDirectory(path.toAbsolutePath().normalize());
            ObjectNode doc = shard.readSpecDocument();
            JsonNode slice = doc.path("spec").path("shard");
            if (!slice.isTextual()) {
                throw new InvalidInputException(shard.spec().toString(), "not a shard: its spec has no 'shard' (run with --shard K/N)");
            }
            String[] parts = slice.asText().split("/");
            int index = Integer.parseInt(parts[0]);
            int shardCount = Integer.parseInt(parts[1]);
            ObjectNode spec = doc.get("spec").deepCopy();
            spec.remove("shard");
            if (first == null) {
                first = doc;
                commonSpec = spec;
                count = shardCount;
            } else {
                requireSame(shard, "spec (but its shard)", commonSpec, spec);
                requireSame(shard, "settings_sha256", first.path("settings_sha256"), doc.path("settings_sha256"));
                requireSame(shard, "model", first.path("model").path("name"), doc.path("model").path("name"));
                if (shardCount != count) {
                    throw new InvalidInputException(shard.spec().toString(), "shard " + slice.asText() + " is of " + shardCount
                            + " slices, the first directory's of " + count);
                }
            }
            if (!doc.has("work_items")) {
                throw new InvalidInputException(shard.spec().toString(), "shard " + slice.asText() + " has not planned yet; run or resume it first");
            }
            if (byIndex.put(index, shard) != null) {
                throw new InvalidInputException(path.toString(), "shard " + slice.asText() + " is given twice");
            }
        }
        if (first == null) {
            throw new InvalidInputException("shards", "expected the run directories of a sharded run");
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("shards", "slices " + missing + " of " + count + " are missing");
        }

        Map<String, SampleRecord> records = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<Integer, RunDirectory> e : byIndex.entrySet()) {
            RunDirectory shard = e.getValue();
            List<SampleRecord> stored = SampleStore.read(shard.samples()); // read only: the slices stay as they are
            for (SampleRecord record : stored) {
                if (ShardSlice.slice(record.key(), count) != e.getKey()) {
                    throw new InvalidInputException(shard.samples().toString(), "record " + record.key()
                            + " is not in slice " + e.getKey() + "/" + count);
                }
                records.put(record.key(), record);
            }
            complete &= stored.size() == shard.readSpecDocument().path("work_items").asInt();
        }

        ObjectNode doc = first.deepCopy();
        doc.put("run_id", target.runId());
        doc.set("spec", commonSpec);
        doc.put("work_items", first.path("plan_work_items").asInt(records.size()));
        doc.remove("plan_work_items");
        ArrayNode from = doc.putArray("merged_from");
        byIndex.values().forEach(d -> from.add(d.runId()));
        target.writeSpec(doc);
        try (SampleStore store = SampleStore.open(target.samples())) {
            for (SampleRecord record : records.values()) {
                store.append(record);
            }
        }
        List<String> kvLabels = Json.MAPPER.convertValue(doc.path("kv_methods"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        Map<String, BenchmarkAdapter> adapters = new LinkedHashMap<>();
        for (JsonNode b : commonSpec.path("benchmarks")) {
            adapters.put(b.path("id").asText(), plugins.benchmark(b.path("id").asText()));
        }
        ObjectNode summary = SummaryWriter.summary(target.runId(), commonSpec.path("name").asText(),
                (complete ? RunState.COMPLETED : RunState.CANCELLED).name().toLowerCase(Locale.ROOT), doc.path("model").path("name").asText(),
                doc.path("work_items").asInt(), kvLabels, new ArrayList<>(records.values()),
                new Aggregator(adapters, Map.of(), target.path()));
        SummaryWriter.write(target, summary);
    }

    private static void requireSame(RunDirectory shard, String what, JsonNode expected, JsonNode actual) {
        if (!expected.equals(actual)) {
            throw new InvalidInputException(shard.spec().toString(), "its " + what + " differs from the first shard's: "
                    + "the shards of one run must share everything but the shard");
        }
    }
}
