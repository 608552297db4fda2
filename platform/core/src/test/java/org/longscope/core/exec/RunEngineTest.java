package org.longscope.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.core.json.Json;
import org.longscope.core.registry.ServiceRegistry;
import org.longscope.core.report.ReportRenderer;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunState;
import org.longscope.core.runs.RunStatus;
import org.longscope.api.ServiceProperties;
import org.longscope.core.registry.Origin;
import org.longscope.core.testing.EchoBackend;
import org.longscope.core.testing.LongerJudge;
import org.longscope.core.testing.PairsBenchmark;
import org.longscope.core.testing.PasskeyBenchmark;
import org.longscope.core.testing.TestPlugins;

class RunEngineTest {

    @TempDir
    Path root;
    private EchoBackend backend;
    private ServiceRegistry registry;
    private RunEngine engine;

    @BeforeEach
    void setUp() {
        backend = new EchoBackend();
        registry = TestPlugins.registry(backend);
        engine = new RunEngine(registry, root.resolve("runs"), root.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private RunStatus run(String yaml) throws Exception {
        RunStatus started = engine.start(engine.parseSpec(yaml, "spec.yaml"));
        return engine.await(started.id());
    }

    private Path dir(RunStatus status) {
        return engine.directory(status.id()).orElseThrow();
    }

    private static List<JsonNode> lines(Path runDir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("samples.jsonl"))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    private static JsonNode summary(Path runDir) throws IOException {
        return Json.MAPPER.readTree(runDir.resolve("summary.json").toFile());
    }

    @Test
    void fullRunStoresScoresAndSummarizes() throws Exception {
        RunStatus status = run("""
                name: keys
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300, 6000], samples: 3, seed: 1}]
                concurrency: 2
                """);
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        Path dir = dir(status);
        List<JsonNode> records = lines(dir);
        assertEquals(6, records.size());
        assertEquals(6, new HashSet<>(records.stream().map(r -> r.get("key").asText()).toList()).size());
        assertTrue(records.stream().anyMatch(r -> r.get("key").asText().equals("keys/passkey/300/300-s0/full")));
        for (JsonNode r : records) {
            assertEquals("done", r.get("status").asText());
            int target = r.get("target_length").asInt();
            // 6000-token prompts are cut to the 4096 window minus 8 new tokens, in the middle, where the key was
            assertEquals(target == 300 ? 100.0 : 0.0, r.get("metrics").get("exact_match").asDouble(), r.toString());
            assertEquals(target == 300 ? 0 : 1, Integer.signum(r.get("truncated_tokens").asInt()));
            assertTrue(r.get("prompt_tokens").asInt() <= 4096 - 8);
        }
        JsonNode agg = summary(dir).get("methods").get(0).get("benchmarks").get("keys");
        assertEquals(50.0, agg.get("overall").get("exact_match").asDouble());
        assertEquals(100.0, agg.get("per_bucket").get("0-4k").get("exact_match").asDouble());
        assertEquals(0.0, agg.get("per_bucket").get("4-8k").get("exact_match").asDouble());
        assertEquals(6, summary(dir).get("counts").get("done").asInt());
        String csv = Files.readString(dir.resolve("summary.csv"));
        assertTrue(csv.startsWith("kv,benchmark,task,length_bucket,metric,value\n"), csv);
        assertTrue(csv.contains("\nfull,keys,all,all,exact_match,50\n"), csv);
        assertTrue(csv.contains("\nfull,keys,passkey,4-8k,exact_match,0\n"), csv);
        assertEquals(1, backend.opened.get(), "model opened once per run");
        assertEquals(1, backend.closed.get(), "model closed at the end");

        JsonNode spec = Json.MAPPER.readTree(dir.resolve("spec.json").toFile());
        assertEquals("keys", spec.get("spec").get("name").asText());
        assertEquals(64, spec.get("settings_sha256").asText().length());
        assertEquals("middle", spec.get("settings").get("truncation").asText());
        assertEquals(4096, spec.get("settings").get("effective_max_length").asInt());
        assertEquals("org.longscope.core.tests", spec.get("plugins").get("benchmarks").get(0).get("bundle").asText());
        assertEquals(6, spec.get("work_items").asInt());

        String report = engine.report(dir);
        assertTrue(report.contains("keys exact_match"), report);
        assertTrue(report.contains("keys / passkey / 6000"), report); // the detail rows are the target lengths
    }

    @Test
    void comparisonRunAddsFullAndReportsMemoryAndSpeed() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                kv: ["evict:budget=100", {id: evict2, params: {budget: 50}}]
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 2}]
                """);
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        Path dir = dir(status);
        assertEquals(6, lines(dir).size());
        JsonNode methods = summary(dir).get("methods");
        assertEquals("full", summary(dir).get("reference").asText());
        assertEquals(List.of("full", "evict:budget=100", "evict2:budget=50"),
                List.of(methods.get(0).get("kv").asText(), methods.get(1).get("kv").asText(), methods.get(2).get("kv").asText()));
        int promptTokens = lines(dir).get(0).get("prompt_tokens").asInt();
        assertTrue(promptTokens > 100);
        assertEquals(promptTokens * 1000.0, methods.get(0).get("kv_bytes_resident_mean").asDouble());
        assertEquals(100 * 1000.0, methods.get(1).get("kv_bytes_resident_mean").asDouble());
        assertEquals(50 * 1000.0, methods.get(2).get("kv_bytes_resident_mean").asDouble());
        assertEquals((promptTokens - 50) * 10.0, methods.get(2).get("kv_bytes_offloaded_mean").asDouble());
        // EchoModel: prefill 1 µs per token, decode 1 ms per step
        assertEquals(1e6, methods.get(1).get("prefill_tokens_per_s").asDouble(), 1e-6);
        assertEquals(1e3, methods.get(1).get("decode_tokens_per_s").asDouble(), 1e-9);
        String report = ReportRenderer.render(dir);
        assertTrue(report.contains("evict2:budget=50"), report);
        assertTrue(report.contains("KV resident MiB"), report);
    }

    @Test
    void failedItemIsRecordedAndTheRunContinues() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 3, params: {fail: 1}}]
                """);
        assertEquals(RunState.COMPLETED, status.state());
        assertEquals(1, status.progress().failed());
        List<JsonNode> records = lines(dir(status));
        assertEquals(3, records.size());
        JsonNode failed = records.stream().filter(r -> r.get("status").asText().equals("failed")).findFirst().orElseThrow();
        assertEquals("keys/passkey/300/300-s1/full", failed.get("key").asText());
        assertEquals("prompt: test model refuses prompts containing FAIL", failed.get("error").asText());
        JsonNode summary = summary(dir(status));
        assertEquals(1, summary.get("counts").get("failed").asInt());
        assertEquals(100.0, summary.get("methods").get(0).get("benchmarks").get("keys").get("overall").get("exact_match").asDouble());
    }

    @Test
    void skipTruncationCountsInsteadOfRunning() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300, 6000], samples: 1}]
                settings: {truncation: skip}
                """);
        assertEquals(1, status.progress().skipped());
        JsonNode summary = summary(dir(status));
        assertEquals(1, summary.get("counts").get("skipped").asInt());
        assertEquals(1, summary.get("methods").get(0).get("benchmarks").get("keys").get("samples").asInt());
        assertTrue(ReportRenderer.render(dir(status)).contains("1 skipped"));
    }

    @Test
    void thinkingIsStrippedBeforeScoring() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 1, params: {think: true}}]
                """);
        JsonNode r = lines(dir(status)).get(0);
        assertFalse(r.get("response").asText().contains("think"), r.toString());
        assertTrue(r.get("raw_response").asText().startsWith("<think>"));
        assertEquals(100.0, r.get("metrics").get("exact_match").asDouble());
    }

    @Test
    void lengthsAsPercentagesOfTheWindowResolveAgainstTheModelAndAreWrittenAsGiven() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [1000, 50%, 25%], samples: 1}]
                """);
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        assertEquals(Set.of(1000, 2048, 1024), lines(dir(status)).stream().map(r -> r.get("target_length").asInt())
                .collect(java.util.stream.Collectors.toSet()));
        JsonNode spec = Json.MAPPER.readTree(dir(status).resolve("spec.json").toFile());
        assertEquals("[1000,\"50%\",\"25%\"]", spec.get("spec").get("benchmarks").get(0).get("lengths").toString());

        InvalidInputException tooMuch = assertThrows(InvalidInputException.class, () -> engine.parseSpec("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [150%]}]
                """, "spec.yaml"));
        assertTrue(tooMuch.getMessage().contains("benchmarks[0].lengths[0]") && tooMuch.getMessage().contains("100%"),
                tooMuch.getMessage());
    }

    /** Three shards planned alike, each running its slice, merge into the unsharded run: item for item, figure for figure. */
    @Test
    void aRunSplitThreeWaysAndMergedEqualsTheUnshardedRun() throws Exception {
        String spec = """
                name: split
                model: {backend: echo, ref: "echo:4096"}
                kv: ["evict:budget=100", "evict2:budget=50"]   # and full, the reference
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300, 6000], samples: 4, seed: 3}]
                """;
        Path whole = dir(run(spec));
        List<Path> shards = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int k = 1; k <= 3; k++) {
            RunStatus shard = run(spec + "shard: \"" + k + "/3\"\n");
            assertEquals(RunState.COMPLETED, shard.state(), shard.error());
            shards.add(dir(shard));
            for (JsonNode r : lines(dir(shard))) {
                assertTrue(seen.add(r.get("key").asText()), "slices are disjoint: " + r.get("key"));
            }
            JsonNode doc = Json.MAPPER.readTree(dir(shard).resolve("spec.json").toFile());
            assertEquals(k + "/3", doc.get("spec").get("shard").asText());
            assertEquals(24, doc.get("plan_work_items").asInt());
            assertTrue(doc.get("work_items").asInt() < 24, "a shard runs its slice only");
        }
        assertEquals(24, seen.size(), "the slices cover the plan");

        RunStatus merged = engine.mergeShards(List.of(shards.get(2), shards.get(0), shards.get(1)));
        assertEquals(RunState.COMPLETED, merged.state());
        Path mergedDir = dir(merged);
        assertTrue(merged.id().startsWith("split-merged-"), merged.id());
        assertEquals(Set.copyOf(lines(whole).stream().map(JsonNode::toString).toList()),
                Set.copyOf(lines(mergedDir).stream().map(JsonNode::toString).toList()));
        assertEquals(summary(whole).get("methods"), summary(mergedDir).get("methods"));
        assertEquals(summary(whole).get("counts"), summary(mergedDir).get("counts"));
        assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(mergedDir.resolve("summary.csv")));
        JsonNode mergedSpec = Json.MAPPER.readTree(mergedDir.resolve("spec.json").toFile());
        assertFalse(mergedSpec.get("spec").has("shard"));
        assertEquals(24, mergedSpec.get("work_items").asInt());
        assertEquals(3, mergedSpec.get("merged_from").size());

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> engine.mergeShards(List.of(shards.get(0), shards.get(1))));
        assertTrue(missing.getMessage().contains("slices [3] of 3 are missing"), missing.getMessage());
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> engine.mergeShards(List.of(shards.get(0), shards.get(0), shards.get(1))));
        assertTrue(twice.getMessage().contains("1/3 is given twice"), twice.getMessage());
        InvalidInputException notShard = assertThrows(InvalidInputException.class,
                () -> engine.mergeShards(List.of(whole)));
        assertTrue(notShard.getMessage().contains("not a shard"), notShard.getMessage());
        RunStatus other = run(spec.replace("seed: 3", "seed: 4") + "shard: \"3/3\"\n");
        InvalidInputException mixed = assertThrows(InvalidInputException.class,
                () -> engine.mergeShards(List.of(shards.get(0), shards.get(1), dir(other))));
        assertTrue(mixed.getMessage().contains("differs from the first shard's"), mixed.getMessage());
        InvalidInputException badShard = assertThrows(InvalidInputException.class, () -> engine.parseSpec(spec + "shard: 4/3\n", "s.yaml"));
        assertTrue(badShard.getMessage().contains("shard") && badShard.getMessage().contains("K/N"), badShard.getMessage());
    }

    @Test
    void aSampleAskedInStepsRecordsEveryStepAndScoresTheLast() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 1, params: {steps: true}}]
                """);
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        JsonNode r = lines(dir(status)).get(0);
        JsonNode steps = r.get("steps");
        assertEquals(2, steps.size(), r.toString());
        String key = r.get("data").get("key").asText();
        assertEquals(key + ".", steps.get(0).get("response").asText().strip());
        assertEquals(key + ".", r.get("response").asText().strip(), "the last step's response is scored");
        assertEquals(100.0, r.get("metrics").get("exact_match").asDouble(), "the second prompt carried the first answer");
        assertEquals(steps.get(0).get("prompt_tokens").asInt() + steps.get(1).get("prompt_tokens").asInt(),
                r.get("prompt_tokens").asInt());
        assertTrue(steps.get(1).get("prompt_tokens").asInt() < 40, "the second prompt holds only the first response");
        assertEquals(steps.get(0).get("decode_ns").asLong() + steps.get(1).get("decode_ns").asLong(), r.get("decode_ns").asLong());
    }

    /** An item a model server failed is recorded as failed, not scored; resuming runs it again, and its new record counts. */
    @Test
    void anItemTheServerFailedIsRetriedOnResume() throws Exception {
        Path down = Files.writeString(root.resolve("server-down"), "");
        RunStatus first = run("""
                model: {backend: echo, ref: "echo:4096", options: {down_file: "%s"}}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 3, params: {flaky: 1, fail: 2}}]
                """.formatted(down.toString().replace("\\", "/")));
        Path dir = dir(first);
        List<JsonNode> records = lines(dir);
        JsonNode flaky = records.stream().filter(r -> r.get("sample_id").asText().equals("300-s1")).findFirst().orElseThrow();
        assertEquals("failed", flaky.get("status").asText());
        assertTrue(flaky.get("error").asText().startsWith("unavailable: "), flaky.toString());
        assertEquals(2, summary(dir).get("counts").get("failed").asInt());

        Files.delete(down);
        RunStatus resumed = engine.await(engine.resume(dir).id());
        assertEquals(RunState.COMPLETED, resumed.state(), resumed.error());
        List<JsonNode> after = lines(dir);
        assertEquals(4, after.size(), "the failure stays in the file; the retried record follows it");
        assertEquals("done", after.getLast().get("status").asText());
        assertEquals("300-s1", after.getLast().get("sample_id").asText());
        assertEquals(1, summary(dir).get("counts").get("failed").asInt(), "the item's own failure (FAIL) is not retried");
        assertEquals(3, summary(dir).get("counts").get("done").asInt());
    }

    @Test
    void resumeDiscardsATornLastLineAndRedoesOnlyWhatIsMissing() throws Exception {
        String yaml = """
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 4}]
                """;
        RunStatus first = run(yaml);
        Path dir = dir(first);
        List<String> lines = Files.readAllLines(dir.resolve("samples.jsonl"));
        // A crash while writing the third record: two complete lines and half of the third remain
        String torn = lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, lines.get(2).length() / 2);
        Files.writeString(dir.resolve("samples.jsonl"), torn, StandardCharsets.UTF_8);
        Files.delete(dir.resolve("summary.json"));
        engine.close();

        EchoBackend second = new EchoBackend();
        try (RunEngine resumed = new RunEngine(TestPlugins.registry(second), root.resolve("runs"), root.resolve("data"))) {
            assertEquals(RunState.FAILED, resumed.status(first.id()).orElseThrow().state(), "interrupted runs list as failed");
            RunStatus again = resumed.resume(dir);
            RunStatus done = resumed.await(again.id());
            assertEquals(RunState.COMPLETED, done.state(), done.error());
            assertEquals(4, done.progress().done());
        }
        List<String> after = Files.readAllLines(dir.resolve("samples.jsonl"));
        assertEquals(4, after.size());
        assertEquals(lines.get(0), after.get(0));
        assertEquals(lines.get(1), after.get(1));
        assertEquals(4, new HashSet<>(after.stream().map(l -> l.substring(0, l.indexOf(",\"benchmark\""))).toList()).size());
        assertEquals(100.0, summary(dir).get("methods").get(0).get("benchmarks").get("keys").get("overall").get("exact_match").asDouble());
    }

    @Test
    void cancellationStopsTheRunAndResumeFinishesIt() throws Exception {
        RunStatus started = engine.start(engine.parseSpec("""
                model: {backend: echo, ref: "echo:4096", options: {delay_ms: 100}}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 30}]
                """, "spec.yaml"));
        CountDownLatch firstItem = new CountDownLatch(1);
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        engine.subscribe(started.id(), e -> {
            events.add(e);
            if (e.done() >= 1) {
                firstItem.countDown();
            }
        });
        assertTrue(firstItem.await(30, TimeUnit.SECONDS));
        assertTrue(engine.cancel(started.id()));
        RunStatus cancelled = engine.await(started.id());
        assertEquals(RunState.CANCELLED, cancelled.state());
        assertFalse(engine.cancel(started.id()), "an ended run cannot be cancelled again");
        int stored = lines(dir(started)).size();
        assertTrue(stored >= 1 && stored < 30, "stored " + stored);
        assertEquals("cancelled", summary(dir(started)).get("state").asText());
        ProgressEvent last = events.get(events.size() - 1);
        assertEquals(RunState.CANCELLED, last.state());
        assertEquals(30, last.total());

        RunStatus resumed = engine.await(engine.resume(dir(started)).id());
        assertEquals(RunState.COMPLETED, resumed.state());
        assertEquals(30, lines(dir(started)).size());
    }

    @Test
    void progressEventsCountUpToTheTotal() throws Exception {
        RunStatus started = engine.start(engine.parseSpec("""
                model: {backend: echo, ref: "echo:4096", options: {delay_ms: 5}}
                benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 5}]
                concurrency: 3
                """, "spec.yaml"));
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        engine.subscribe(started.id(), events::add);
        engine.await(started.id());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).done() >= events.get(i - 1).done(), "events in order: " + events);
        }
        ProgressEvent last = events.get(events.size() - 1);
        assertEquals(RunState.COMPLETED, last.state());
        assertEquals(5, last.done());
        assertEquals(5, last.total());
        assertEquals(0.0, last.etaSeconds());
        assertTrue(events.stream().anyMatch(e -> e.state() == RunState.RUNNING && e.done() > 0 && e.ratePerSec() > 0));
        // a late subscriber gets the final state at once
        List<ProgressEvent> late = new ArrayList<>();
        engine.subscribe(started.id(), late::add).close();
        assertEquals(RunState.COMPLETED, late.get(0).state());
    }

    @Test
    void aDefaultModelNoBackendCanOpenIsRefusedNamingItsPath() {
        engine.setDefaultModel(new org.longscope.api.spec.ModelSpec(null, "/no/such/models/shipped", java.util.Map.of()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.start(engine.parseSpec("benchmarks: [keys]", "s")));
        assertTrue(e.getMessage().startsWith("model.ref: no model backend can open '/no/such/models/shipped'"),
                e.getMessage());
        assertTrue(engine.list().isEmpty(), "nothing was started");
    }

    @Test
    void unknownIdsAreRefusedBeforeStartingWithTheAvailableIds() {
        InvalidInputException bench = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: echo, ref: 'echo:10'}\nbenchmarks: [nope]", "s")));
        assertEquals("benchmarks[0].id: unknown benchmark 'nope'; available: [keys (org.longscope.core.tests)]", bench.getMessage());
        InvalidInputException kv = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: echo, ref: 'echo:10'}\nbenchmarks: [keys]\nkv: [snapkv]", "s")));
        assertEquals("kv[0]: unknown KV method 'snapkv'; available: [evict (org.longscope.core.tests), evict2 (org.longscope.core.tests)]", kv.getMessage());
        InvalidInputException param = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: echo, ref: 'echo:10'}\nbenchmarks: [keys]\nkv: ['evict:budget=0']", "s")));
        assertEquals("kv[0].evict.budget: expected an integer in [1, 1000000], got '0'", param.getMessage());
        InvalidInputException backendError = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: gpu, ref: 'x'}\nbenchmarks: [keys]", "s")));
        assertEquals("model.backend: unknown model backend 'gpu'; available: [echo (org.longscope.core.tests)]", backendError.getMessage());
        InvalidInputException noBackend = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {ref: 'model.gguf'}\nbenchmarks: [keys]", "s")));
        assertTrue(noBackend.getMessage().startsWith("model.ref: no model backend can open 'model.gguf'"));
        InvalidInputException task = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {ref: 'echo:10'}\nbenchmarks: [{id: keys, tasks: [pass]}]", "s")));
        assertEquals("benchmarks[0].tasks[0]: unknown task 'pass' of keys; available: [passkey, count]", task.getMessage());
        assertTrue(engine.list().isEmpty(), "nothing was started");
    }

    @Test
    void dataFilesAreMadeAvailableBeforeSamplingAndRecorded() throws Exception {
        List<String> prepared = Collections.synchronizedList(new ArrayList<>());
        try (RunEngine withData = new RunEngine(registry, root.resolve("runs"), (benchmarkId, files, progress) -> {
            prepared.add(benchmarkId + " " + files);
            progress.accept("cached " + files.size());
            return root.resolve("cache");
        })) {
            RunStatus started = withData.start(withData.parseSpec("""
                    model: {backend: echo, ref: "echo:4096"}
                    benchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 1}]
                    """, "spec.yaml"));
            RunStatus status = withData.await(started.id());
            assertEquals(RunState.COMPLETED, status.state(), status.error());
            assertEquals(List.of("keys " + List.of(PasskeyBenchmark.FILLER)), prepared);
            JsonNode data = Json.MAPPER.readTree(withData.directory(started.id()).orElseThrow().resolve("spec.json").toFile())
                    .get("data");
            assertEquals(1, data.size());
            assertEquals("passkey", data.get(0).get("task").asText());
            assertEquals(PasskeyBenchmark.FILLER.sha256(), data.get(0).get("sha256").asText());
        }
    }

    /** A spec that names no backend has it chosen once, when the run starts, and spec.json records the choice. */
    @Test
    void theBackendIsResolvedOncePerRun() throws Exception {
        backend.probed.set(0);
        RunStatus status = run("model: {ref: \"echo:4096\"}\nbenchmarks: [{id: keys, tasks: [passkey], lengths: [300], samples: 1}]\n");
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        assertEquals(1, backend.probed.get(), "one resolution for the whole run");
        assertEquals("echo", Json.MAPPER.readTree(dir(status).resolve("spec.json").toFile())
                .path("plugins").path("backend").path("id").asText());
    }

    @Test
    void judgedSamplesGoToTheJudgeWithItsOwnModel() throws Exception {
        Origin origin = new Origin("tests", "1");
        registry.add(ServiceProperties.KIND_BENCHMARK, "pairs", new PairsBenchmark(), origin, null);
        registry.add(ServiceProperties.KIND_JUDGE, "longer", new LongerJudge(), origin, null);
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [pairs]
                judge: {id: longer, model: {backend: echo, ref: "echo:1000"}}
                """);
        assertEquals(RunState.COMPLETED, status.state(), status.error());
        List<JsonNode> records = lines(dir(status));
        assertEquals(3, records.size());
        JsonNode first = records.get(0);
        assertEquals("judged by a model of 1000", first.get("response").asText());
        JsonNode judgement = first.get("judgement");
        assertEquals("pairwise", judgement.get("mode").asText());
        assertTrue(judgement.get("parsed").asBoolean());
        assertEquals(2, judgement.get("ranking").size());
        JsonNode call = judgement.get("calls").get(0);
        assertEquals("generate", call.get("kind").asText(), judgement.toString());
        assertTrue(call.get("prompt_tokens").asInt() > 0, "the judge model's call is recorded: " + call);
        assertEquals(call.get("prompt_tokens").asInt(), first.get("prompt_tokens").asInt());
        assertEquals(100.0 * 2 / 3, summary(dir(status)).get("methods").get(0).get("benchmarks").get("pairs")
                .get("overall").get("accuracy").asDouble(), 1e-9);
        assertEquals(2, backend.opened.get(), "run model and judge model");
        assertEquals(2, backend.closed.get());
        InvalidInputException noJudge = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: echo, ref: 'echo:10'}\nbenchmarks: [pairs]\njudge: nope", "s")));
        assertEquals("judge.id: unknown judge 'nope'; available: [longer (tests)]", noJudge.getMessage());
        InvalidInputException noneNamed = assertThrows(InvalidInputException.class, () -> engine.start(engine.parseSpec(
                "model: {backend: echo, ref: 'echo:10'}\nbenchmarks: [pairs]", "s")));
        assertTrue(noneNamed.getMessage().startsWith("judge: benchmarks[0] 'pairs' is a reward benchmark"),
                noneNamed.getMessage());
    }

    @Test
    void aJudgingRunIsCancelledAndResumedLikeAnyOther() throws Exception {
        Origin origin = new Origin("tests", "1");
        registry.add(ServiceProperties.KIND_BENCHMARK, "pairs", new PairsBenchmark(), origin, null);
        registry.add(ServiceProperties.KIND_JUDGE, "longer", new LongerJudge(), origin, null);
        RunStatus started = engine.start(engine.parseSpec("""
                model: {backend: echo, ref: "echo:4096", options: {delay_ms: 100}}
                benchmarks: [{id: pairs, samples: 30}]
                judge: longer
                """, "spec.yaml"));
        CountDownLatch firstItem = new CountDownLatch(1);
        engine.subscribe(started.id(), e -> {
            if (e.done() >= 1) {
                firstItem.countDown();
            }
        });
        assertTrue(firstItem.await(30, TimeUnit.SECONDS));
        assertTrue(engine.cancel(started.id()));
        assertEquals(RunState.CANCELLED, engine.await(started.id()).state());
        int stored = lines(dir(started)).size();
        assertTrue(stored >= 1 && stored < 30, "stored " + stored);

        RunStatus resumed = engine.await(engine.resume(dir(started)).id());
        assertEquals(RunState.COMPLETED, resumed.state(), resumed.error());
        List<JsonNode> records = lines(dir(started));
        assertEquals(30, records.size());
        assertEquals(30, records.stream().map(r -> r.get("sample_id").asText()).distinct().count());
        records.forEach(r -> assertTrue(r.get("judgement").get("parsed").asBoolean(), r.toString()));
        assertEquals(100.0 * 2 / 3, summary(dir(started)).get("methods").get(0).get("benchmarks").get("pairs")
                .get("overall").get("accuracy").asDouble(), 1e-9);
    }

    @Test
    void aFailureBeforeWorkFailsTheRunWithTheReason() throws Exception {
        RunStatus status = run("""
                model: {backend: echo, ref: "echo:4096"}
                benchmarks: [{id: keys, tasks: [passkey]}]
                """);
        assertEquals(RunState.FAILED, status.state());
        assertTrue(status.error().contains("lengths: expected at least one length"), status.error());
        assertTrue(status.refused(), "an input error before any work item refuses the run");
        assertEquals(1, backend.closed.get(), "the model is closed after a failure too");
        assertEquals(1, engine.list().size());
    }
}
