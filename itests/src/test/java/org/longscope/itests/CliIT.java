package org.longscope.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/longscope} of a copy of the built distribution, with the test-only digits backend
 * in its drop-in folder, and checks exit codes and output: 0 done, 1 run failed, 2 bad input.
 */
class CliIT {
    @TempDir
    static Path work;
    static Path home;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void copyDistribution() throws IOException {
        home = Distribution.copyTo(work);
        Files.copy(Distribution.testBackend(), home.resolve("plugins/digits-backend.jar"));
    }

    static Result longscope(String... args) throws IOException, InterruptedException {
        return longscope(Map.of(), args);
    }

    static Result longscope(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/longscope").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("longscope " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Path spec(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
    }

    static final String GOOD_SPEC = """
            name: cli-run
            model:
              backend: digits
              ref: digits:cli
            benchmarks:
              - id: passkey
                tasks: [passkey]
                lengths: [1k]
                samples: 2
                seed: 11
                params:
                  depths: [25, 75]
            """;

    @Test
    void runFromSpecFileCompletesWithExitZeroAndReportReprintsTheTable() throws Exception {
        Path runs = work.resolve("runs-spec");
        Result result = longscope("run", spec("good.yaml", GOOD_SPEC).toString(), "--out", runs.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("passkey"), result.toString());
        assertTrue(result.err().contains("completed"), result.toString());
        Path runDirectory;
        try (Stream<Path> dirs = Files.list(runs)) {
            runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(Files.isRegularFile(runDirectory.resolve("summary.json")));
        assertEquals(4, Files.readAllLines(runDirectory.resolve("samples.jsonl")).stream()
                .filter(l -> !l.isBlank()).count());

        Result report = longscope("report", runDirectory.toString());
        assertEquals(0, report.exitCode(), report.toString());
        assertTrue(report.out().contains("passkey"), report.toString());
    }

    @Test
    void synthesizedModelRunsOnTheNativeBackendAndAnInterruptedRunResumes() throws Exception {
        Path model = work.resolve("tiny-llama.gguf");
        Result synth = longscope("model", "synth", "--shape", "tiny-llama", "--dtype", "q8_0", "--format", "gguf",
                "--out", model.toString());
        assertEquals(0, synth.exitCode(), synth.toString());
        assertTrue(Files.size(model) > 0, synth.toString());
        Result badShape = longscope("model", "synth", "--shape", "no-such-shape", "--out", model.toString());
        assertEquals(2, badShape.exitCode(), badShape.toString());
        assertTrue(badShape.err().contains("--shape") && badShape.err().contains("tiny-llama"), badShape.toString());
        Result noRunDirectory = longscope("run", "--resume", work.resolve("no-such-run").toString());
        assertEquals(2, noRunDirectory.exitCode(), noRunDirectory.toString());
        assertTrue(noRunDirectory.err().contains("no-such-run"), noRunDirectory.toString());
        Result unknownBenchmark = longscope("data", "pull", "no-such-benchmark");
        assertEquals(2, unknownBenchmark.exitCode(), unknownBenchmark.toString());
        assertTrue(unknownBenchmark.err().contains("no-such-benchmark") && unknownBenchmark.err().contains("ruler"),
                unknownBenchmark.toString());

        Path runs = work.resolve("runs-native");
        Result run = longscope("run", "--model", model.toString(), "--benchmark", "passkey", "--lengths", "512",
                "--samples", "3", "--kv", "full", "--kv", "snapkv:budget=64", "--out", runs.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("snapkv:budget=64") && run.out().contains("full"), run.toString());
        Path runDirectory;
        try (Stream<Path> dirs = Files.list(runs)) {
            runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        // 5 depths x 3 samples x 2 KV methods; keep 7 records and tear the 8th, as a killed run leaves them
        Path samples = runDirectory.resolve("samples.jsonl");
        List<String> lines = Files.readAllLines(samples);
        assertEquals(30, lines.size());
        Files.writeString(samples, String.join("\n", lines.subList(0, 7)) + "\n" + lines.get(7).substring(0, 20));
        Files.delete(runDirectory.resolve("summary.json"));

        Result resumed = longscope("run", "--resume", runDirectory.toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        List<String> keys = Files.readAllLines(samples).stream()
                .map(l -> l.substring(0, l.indexOf(",")))
                .toList();
        assertEquals(30, keys.size(), resumed.toString());
        assertEquals(30, keys.stream().distinct().count(), resumed.toString());
        assertTrue(Files.isRegularFile(runDirectory.resolve("summary.json")));
    }

    @Test
    void aRunNamingNoModelEvaluatesTheShippedModelOnTheNativeBackend() throws Exception {
        Path runs = work.resolve("runs-shipped");
        Result run = longscope("run", "--benchmark", "passkey", "--lengths", "512", "--samples", "2", "--kv", "full",
                "--kv", "snapkv:budget=64", "--out", runs.toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path runDirectory;
        try (Stream<Path> dirs = Files.list(runs)) {
            runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        var spec = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runDirectory.resolve("spec.json").toFile());
        assertTrue(spec.path("spec").path("model").path("ref").asText().endsWith("models/longscope-byte-llama"),
                spec.toString());
        assertEquals("longscope-byte-llama", spec.path("model").path("name").asText(), spec.toString());
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runDirectory.resolve("summary.json").toFile());
        var full = summary.path("methods").get(0);
        assertEquals("full", full.path("kv").asText());
        assertTrue(full.path("kv_bytes_resident_mean").asDouble() > 0, "the native engine reports its KV cache");
        assertEquals(20, full.path("done").asInt() + summary.path("methods").get(1).path("done").asInt());
        // the trained model retrieves: with the full cache it finds every pass key at 512 tokens
        // (100 of 100 in the model card's run); under SnapKV at 64 tokens per head it may not
        for (String line : Files.readAllLines(runDirectory.resolve("samples.jsonl"))) {
            var sample = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (sample.path("kv").asText().equals("full")) {
                assertEquals(100.0, sample.path("metrics").path("accuracy").asDouble(), line);
            }
        }
    }

    /**
     * SnapKV selects at the end of prefill from the attention of the last prompt queries. On the
     * byte-level shipped model the pass key is read only after the space that follows "The pass key
     * is": with the answer boundary on, that space ends the prompt and SnapKV (pooling kernel scaled
     * to bytes, as the model card says) keeps the key; with the prompt as written it evicts it.
     */
    @Test
    void onTheShippedModelSnapKvFindsThePassKeyOnlyWhenThePromptEndsAtTheAnswerBoundary() throws Exception {
        Map<Boolean, String> answers = new java.util.HashMap<>();
        for (boolean boundary : List.of(true, false)) {
            Path runs = work.resolve("runs-boundary-" + boundary);
            String text = """
                    name: boundary-%s
                    kv: ["snapkv:budget=128,kernel=15"]
                    benchmarks:
                      - {id: passkey, tasks: [passkey], lengths: [512], samples: 2, seed: 42}
                    settings: {answer_boundary: %s}
                    """.formatted(boundary, boundary);
            Result run = longscope("run", spec("boundary-" + boundary + ".yaml", text).toString(), "--out", runs.toString());
            assertEquals(0, run.exitCode(), run.toString());
            Path runDirectory;
            try (Stream<Path> dirs = Files.list(runs)) {
                runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(boundary, json.readTree(runDirectory.resolve("spec.json").toFile())
                    .path("settings").path("answer_boundary").asBoolean(!boundary));
            for (String line : Files.readAllLines(runDirectory.resolve("samples.jsonl"))) {
                var sample = json.readTree(line);
                if (sample.path("sample_id").asText().equals("512-d0-s0")
                        && sample.path("kv").asText().startsWith("snapkv")) {
                    answers.put(boundary, sample.path("response").asText());
                }
            }
        }
        assertTrue(answers.get(true).strip().startsWith("42665"), "boundary on: " + answers);
        assertFalse(answers.get(false).contains("42665"), "boundary off: " + answers);
    }

    /**
     * The DJL backend inside Felix: the wrapped PyTorch engine and tokenizers resolve in the
     * distribution and run the shipped model, and greedy decoding answers exactly as the native
     * engine does on the same prompts.
     */
    @Test
    void theDjlBackendRunsTheShippedModelInsideFelixAndAnswersAsTheNativeEngine() throws Exception {
        Map<String, List<String>> responses = new java.util.HashMap<>();
        for (String backend : List.of("native", "djl")) {
            Path runs = work.resolve("runs-shipped-on-" + backend);
            String text = """
                    name: shipped-%s
                    model:
                      backend: %s
                      path: %s
                    benchmarks:
                      - id: passkey
                        tasks: [passkey]
                        lengths: [512]
                        samples: 2
                        seed: 5
                        params:
                          depths: [50]
                    """.formatted(backend, backend, home.resolve("models/longscope-byte-llama"));
            Result run = longscope("run", spec("shipped-" + backend + ".yaml", text).toString(), "--out", runs.toString());
            assertEquals(0, run.exitCode(), run.toString());
            Path runDirectory;
            try (Stream<Path> dirs = Files.list(runs)) {
                runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var origin = json.readTree(runDirectory.resolve("spec.json").toFile()).path("plugins").path("backend");
            assertEquals(backend, origin.path("id").asText(), "the run says which backend answered: " + origin);
            assertTrue(origin.path("bundle").asText().contains(backend), origin.toString());
            List<String> answers = new ArrayList<>();
            for (String line : Files.readAllLines(runDirectory.resolve("samples.jsonl"))) {
                if (!line.isBlank()) {
                    var sample = json.readTree(line);
                    answers.add(sample.path("id").asText() + " -> " + sample.path("response").asText());
                }
            }
            java.util.Collections.sort(answers);
            assertEquals(2, answers.size(), answers.toString());
            responses.put(backend, answers);
        }
        assertEquals(responses.get("native"), responses.get("djl"));
    }

    @Test
    void runWithFlagsOnlyCompletes() throws Exception {
        Result result = longscope("run", "--model", "digits:flags", "--backend", "digits", "--benchmark", "passkey",
                "--tasks", "passkey", "--lengths", "1k,2048", "--samples", "1", "--seed", "5", "--truncation", "middle",
                "--out", work.resolve("runs-flags").toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("passkey"), result.toString());
    }

    /** --shard K/N on two "machines" (two processes), then report over both directories: the whole run's items and scores. */
    @Test
    void shardsRunWithTheShardFlagMergeIntoTheWholeRun() throws Exception {
        List<String> run = List.of("run", "--model", "digits:shards", "--backend", "digits", "--benchmark", "passkey",
                "--lengths", "1k,2k", "--samples", "2", "--seed", "9");
        List<String> wholeArgs = new java.util.ArrayList<>(run);
        wholeArgs.addAll(List.of("--out", work.resolve("runs-whole").toString()));
        assertEquals(0, longscope(wholeArgs.toArray(String[]::new)).exitCode());
        Path shardRuns = work.resolve("runs-shards");
        for (String shard : List.of("1/2", "2/2")) {
            List<String> args = new java.util.ArrayList<>(run);
            args.addAll(List.of("--shard", shard, "--out", shardRuns.toString()));
            Result result = longscope(args.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result.toString());
        }
        List<Path> shards;
        try (Stream<Path> dirs = Files.list(shardRuns)) {
            shards = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(2, shards.size());
        Result merged = longscope("report", shards.get(0).toString(), shards.get(1).toString());
        assertEquals(0, merged.exitCode(), merged.toString());
        assertTrue(merged.out().contains("passkey"), merged.toString());
        Path mergedDirectory;
        try (Stream<Path> dirs = Files.list(shardRuns)) {
            mergedDirectory = dirs.filter(d -> d.getFileName().toString().contains("-merged-")).findFirst().orElseThrow();
        }
        assertEquals(itemsAndScores(onlyRunDirectory(work.resolve("runs-whole"))), itemsAndScores(mergedDirectory));

        Result incomplete = longscope("report", shards.get(0).toString(), onlyRunDirectory(work.resolve("runs-whole")).toString());
        assertEquals(2, incomplete.exitCode(), incomplete.toString());
        assertTrue(incomplete.err().contains("not a shard"), incomplete.toString());
    }

    /** Each judged record's key, ranking and metrics. */
    private static java.util.Set<String> verdicts(Path runDirectory) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> items = new java.util.HashSet<>();
        for (String line : Files.readAllLines(runDirectory.resolve("samples.jsonl"))) {
            var record = json.readTree(line);
            assertEquals("done", record.get("status").asText(), line);
            java.util.Map<String, Double> metrics = new java.util.TreeMap<>();
            record.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            items.add(record.get("key").asText() + " " + record.path("judgement").path("ranking") + " " + metrics);
        }
        assertFalse(items.isEmpty());
        return items;
    }

    /** Each record's key, response and metrics: what a run computes, without its timings. */
    private static java.util.Set<String> itemsAndScores(Path runDirectory) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> items = new java.util.HashSet<>();
        for (String line : Files.readAllLines(runDirectory.resolve("samples.jsonl"))) {
            var record = json.readTree(line);
            items.add(record.get("key").asText() + " " + record.get("response") + " " + record.get("metrics"));
        }
        assertFalse(items.isEmpty());
        return items;
    }

    @Test
    void malformedSpecExitsTwoNamingTheFieldPath() throws Exception {
        Path bad = spec("bad.yaml", GOOD_SPEC.replace("lengths: [1k]", "lengths: [lots]"));
        Result result = longscope("run", bad.toString(), "--out", work.resolve("runs-bad").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("benchmarks[0].lengths[0]"), result.toString());

        Result flag = longscope("run", "--model", "digits:x", "--benchmark", "passkey", "--lengths", "-3",
                "--out", work.resolve("runs-bad").toString());
        assertEquals(2, flag.exitCode(), flag.toString());
        assertTrue(flag.err().contains("benchmarks[0].lengths[0]"), flag.toString());

        Result missing = longscope("run", work.resolve("no-such-spec.yaml").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
    }

    @Test
    void unknownBenchmarkIdExitsTwoListingTheIds() throws Exception {
        Path unknown = spec("unknown.yaml", GOOD_SPEC.replace("id: passkey", "id: no-such-benchmark"));
        Result result = longscope("run", unknown.toString(), "--out", work.resolve("runs-unknown").toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("no-such-benchmark") && result.err().contains("passkey"), result.toString());
    }

    @Test
    void failedRunExitsOne() throws Exception {
        Path failing = spec("failing.yaml", GOOD_SPEC.replace("ref: digits:cli", "ref: digits:fail"));
        Result result = longscope("run", failing.toString(), "--out", work.resolve("runs-failing").toString());
        assertEquals(1, result.exitCode(), result.toString());
    }

    @Test
    void serveRefusesANonLoopbackAddressWithoutAToken() throws Exception {
        Result result = longscope("serve", "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("token"), result.toString());
    }

    @Test
    void benchmarksAndPluginsListWhatIsInstalled() throws Exception {
        Result benchmarks = longscope("benchmarks");
        assertEquals(0, benchmarks.exitCode(), benchmarks.toString());
        assertTrue(benchmarks.out().contains("passkey") && benchmarks.out().contains("digits"), benchmarks.toString());

        Result methods = longscope("methods");
        assertEquals(0, methods.exitCode(), methods.toString());
        for (String line : List.of("l2norm  (org.longscope.kv.eviction", "tova  (org.longscope.kv.eviction",
                "cake  (org.longscope.kv.eviction", "  gamma=200.0  a number in [0.0, 1000000.0]", "  budget=1024  an integer in [1, 16777216]")) {
            assertTrue(methods.out().contains(line), line + "\n" + methods);
        }

        Result plugins = longscope("plugins", "list");
        assertEquals(0, plugins.exitCode(), plugins.toString());
        assertTrue(plugins.out().contains("org.longscope.itests.backend") && plugins.out().contains("(plugin)"),
                plugins.toString());
        assertTrue(plugins.out().contains("org.longscope.server"), plugins.toString());

        Result remove = longscope("plugins", "remove", "org.longscope.no.such");
        assertEquals(2, remove.exitCode(), remove.toString());
        assertTrue(remove.err().contains("org.longscope.itests.backend"), remove.toString());
    }

    /**
     * Long-RewardBench end to end: the task files come from a loopback hub in the hub's layout
     * (the upstream-format fixtures of bench-longrewardbench), the shipped model judges by
     * likelihood with the full cache and under SnapKV, and the run writes the summary and
     * upstream's results.csv. The pinned sha256 of LongQA.jsonl refuses the fixture served in its
     * place.
     */
    @Test
    void longRewardBenchIsPulledFromAHubAndJudgedByTheShippedModelWithAndWithoutSnapKv() throws Exception {
        Path fixtures = Path.of(System.getProperty("longscope.longrewardbench.fixtures"));
        com.sun.net.httpserver.HttpServer hub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/datasets/LCM-Lab/LongRewardBench/resolve/main/", exchange -> {
            Path file = fixtures.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : "not found".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Files.isRegularFile(file) ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hub.start();
        try {
            Map<String, String> environment = Map.of(
                    "LONGSCOPE_DATA_ENDPOINT", "http://127.0.0.1:" + hub.getAddress().getPort(),
                    "LONGSCOPE_DATA_CACHE", work.resolve("cache-longrewardbench").toString());
            Result pull = longscope(environment, "data", "pull", "longrewardbench");
            assertEquals(1, pull.exitCode(), pull.toString());
            assertTrue(pull.err().contains("LongQA.jsonl") && pull.err().contains("sha256"), pull.toString());

            Path runs = work.resolve("runs-longrewardbench");
            Result run = longscope(environment, "run", "--benchmark", "longrewardbench",
                    "--tasks", "Safety,ICL,Cite,Code,Math", "--judge", "likelihood", "--kv", "full",
                    "--kv", "snapkv:budget=128", "--out", runs.toString());
            assertEquals(0, run.exitCode(), run.toString());
            Path runDirectory;
            try (Stream<Path> dirs = Files.list(runs)) {
                runDirectory = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> samples = Files.readAllLines(runDirectory.resolve("samples.jsonl")).stream()
                    .filter(l -> !l.isBlank()).toList();
            assertEquals(2 * 11, samples.size(), "11 fixture items of five tasks under two KV methods");
            for (String line : samples) {
                var judgement = json.readTree(line).path("judgement");
                assertTrue(judgement.path("parsed").asBoolean(), line);
                assertFalse(judgement.path("calls").isEmpty(), line);
            }
            var methods = json.readTree(runDirectory.resolve("summary.json").toFile()).path("methods");
            assertEquals(2, methods.size(), methods.toString());
            assertTrue(methods.toString().contains("\"rank3\"") && methods.toString().contains("\"pairwise\""),
                    methods.toString());
            for (String method : List.of("full", "snapkv_budget-128")) { // one folder per method in a comparison
                List<String> results = Files.readAllLines(runDirectory.resolve(method).resolve("longrewardbench-results.csv"));
                assertEquals(22, results.size(), results.toString());
                assertEquals(",Task,Value", results.getFirst());
                assertTrue(results.get(14).startsWith("13,\"Rank Avg,\","), results.toString());
            }
        } finally {
            hub.stop(0);
        }
    }

    /**
     * LongBench end to end: offline with an empty cache the run is refused naming the pull
     * command; `data pull` fetches data.zip and LongBench v2's data.json from a loopback hub in
     * the hub's layout (bench-longbench's upstream-format fixtures); the shipped model then runs
     * English, Chinese and code tasks and v2, and the run directory gets upstream's result files.
     */
    @Test
    void longBenchIsPulledFromAHubAndRunOnTheShippedModel() throws Exception {
        Path fixtures = Path.of(System.getProperty("longscope.longbench.fixtures"));
        com.sun.net.httpserver.HttpServer hub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        List<String> served = new java.util.concurrent.CopyOnWriteArrayList<>();
        hub.createContext("/datasets/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = switch (path) {
                case "/datasets/THUDM/LongBench/resolve/main/data.zip" -> fixtures.resolve("data.zip");
                case "/datasets/THUDM/LongBench-v2/resolve/main/data.json" -> fixtures.resolve("data.json");
                default -> null;
            };
            served.add(path);
            byte[] body = file == null ? "not found".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
            exchange.sendResponseHeaders(file == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hub.start();
        try {
            Path cache = work.resolve("cache-longbench");
            Path runs = work.resolve("runs-longbench");
            Result offline = longscope(Map.of("LONGSCOPE_DATA_CACHE", cache.toString(), "LONGSCOPE_OFFLINE", "1"),
                    "run", "--benchmark", "longbench", "--tasks", "trec", "--out", work.resolve("runs-longbench-offline").toString());
            assertNotEquals(0, offline.exitCode(), offline.toString());
            assertTrue(offline.err().contains("longscope data pull longbench"), offline.toString());

            Map<String, String> environment = Map.of(
                    "LONGSCOPE_DATA_ENDPOINT", "http://127.0.0.1:" + hub.getAddress().getPort(),
                    "LONGSCOPE_DATA_CACHE", cache.toString());
            for (String benchmark : List.of("longbench", "longbench-v2")) {
                Result pull = longscope(environment, "data", "pull", benchmark);
                assertEquals(0, pull.exitCode(), pull.toString());
            }
            assertTrue(served.containsAll(List.of("/datasets/THUDM/LongBench/resolve/main/data.zip",
                    "/datasets/THUDM/LongBench-v2/resolve/main/data.json")), served.toString());

            Map<String, String> offlineNow = Map.of("LONGSCOPE_DATA_CACHE", cache.toString(), "LONGSCOPE_OFFLINE", "1");
            Result run = longscope(offlineNow, "run", "--benchmark", "longbench",
                    "--tasks", "trec,passage_retrieval_en,multifieldqa_zh,lcc", "--samples", "2", "--out", runs.toString());
            assertEquals(0, run.exitCode(), run.toString());
            Path runDirectory = onlyRunDirectory(runs);
            assertEquals(8, Files.readAllLines(runDirectory.resolve("samples.jsonl")).stream().filter(l -> !l.isBlank()).count());
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var result = json.readTree(runDirectory.resolve("longbench-result.json").toFile());
            assertEquals(java.util.Set.of("trec", "passage_retrieval_en", "multifieldqa_zh", "lcc"),
                    new java.util.HashSet<>(iterable(result.fieldNames())), result.toString());
            assertTrue(json.readTree(runDirectory.resolve("summary.json").toFile()).toString().contains("\"few_shot\""));

            Path v2Runs = work.resolve("runs-longbench-v2");
            Result v2 = longscope(offlineNow, "run", "--benchmark", "longbench-v2", "--samples", "2", "--out", v2Runs.toString());
            assertEquals(0, v2.exitCode(), v2.toString());
            String v2Result = Files.readString(onlyRunDirectory(v2Runs).resolve("longbench-v2-result.txt"));
            assertTrue(v2Result.startsWith("Model\tOverall\tEasy\tHard\tShort\tMedium\tLong"), v2Result);

            // the LOOMBench-style suite, one item per task, length and depth, on a synthesized model with a 4,096-token
            // window, against which its lengths resolve (the shipped byte-level model is too small for RULER at 50%)
            Path tiny = work.resolve("tiny-llama-loombench.gguf");
            assertEquals(0, longscope("model", "synth", "--shape", "tiny-llama", "--dtype", "q8_0", "--format", "gguf",
                    "--out", tiny.toString()).exitCode());
            Path suiteRuns = work.resolve("runs-loombench");
            Result suite = longscope(offlineNow, "run", "--suite", "loombench", "--samples", "1", "--model", tiny.toString(),
                    "--out", suiteRuns.toString());
            assertEquals(0, suite.exitCode(), suite.toString());
            List<com.fasterxml.jackson.databind.JsonNode> suiteRecords = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(onlyRunDirectory(suiteRuns).resolve("samples.jsonl"))) {
                suiteRecords.add(json.readTree(line));
            }
            assertEquals(21 + 1 + 11 * 2 + 3 * 5, suiteRecords.size());
            assertEquals(java.util.Set.of(0, 1024, 2048, 4096), suiteRecords.stream().map(r -> r.path("target_length").asInt())
                    .collect(java.util.stream.Collectors.toSet()));
            assertTrue(suiteRecords.stream().allMatch(r -> r.path("status").asText().equals("done")), suiteRecords.toString());

            Path cot = spec("longbench-v2-cot.yaml", """
                    name: v2-cot
                    benchmarks: [{id: longbench-v2, tasks: [multiple_choice], samples: 1, params: {mode: cot}}]
                    """);
            Path cotRuns = work.resolve("runs-longbench-v2-cot");
            Result cotRun = longscope(offlineNow, "run", cot.toString(), "--out", cotRuns.toString());
            assertEquals(0, cotRun.exitCode(), cotRun.toString());
            var record = json.readTree(Files.readAllLines(onlyRunDirectory(cotRuns).resolve("samples.jsonl")).getFirst());
            assertEquals(2, record.path("steps").size(), "the reasoning, then the answer: " + record);
        } finally {
            hub.stop(0);
        }
    }

    private static Path onlyRunDirectory(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /**
     * {@code serve --models}: the OpenAI-compatible {@code /v1} API on loopback, with the shipped
     * model under the full cache and SnapKV (by served id and by the {@code longscope.kv} field),
     * streaming and not, guarded by the token; a prompt over the window is 400, an unknown model
     * 404, a full queue 429.
     */
    @Test
    void v1ServesTheShippedModelWithKvMethodsStreamingAndNot() throws Exception {
        Path config = spec("serve.yaml", """
                queue: 1
                models:
                  - id: byte-llama
                  - id: byte-llama+snapkv-128
                    kv: snapkv:budget=128,kernel=15
                  - id: slow
                    model: {backend: digits, ref: "digits:slow", options: {delay_ms: 1500}}
                """);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = serve("--port", Integer.toString(port), "--token", "t0ken", "--models", config.toString());
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/v1";
            awaitUp(http, base + "/models", server);
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var unauthorized = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/models")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unauthorized.statusCode());
            assertEquals("invalid_api_key", json.readTree(unauthorized.body()).path("error").path("code").asText());
            var models = json.readTree(v1(http, "GET", base + "/models", null).body());
            assertEquals(List.of("byte-llama", "byte-llama+snapkv-128", "slow"),
                    List.of(models.path("data").get(0).path("id").asText(), models.path("data").get(1).path("id").asText(),
                            models.path("data").get(2).path("id").asText()));

            String question = "{\"model\": \"%s\", \"messages\": [{\"role\": \"user\", \"content\": "
                    + "\"The pass key is 42665. Remember it. What is the pass key?\"}], \"max_tokens\": 16, \"temperature\": 0%s}";
            var full = v1(http, "POST", base + "/chat/completions", question.formatted("byte-llama", ""));
            assertEquals(200, full.statusCode(), full.body());
            var fullBody = json.readTree(full.body());
            String answer = fullBody.path("choices").get(0).path("message").path("content").asText();
            assertEquals("chat.completion", fullBody.path("object").asText());
            assertEquals("full", fullBody.path("usage").path("longscope").path("kv").path("method").asText(), full.body());
            assertTrue(fullBody.path("usage").path("prompt_tokens").asInt() > 20, full.body());
            var byId = json.readTree(v1(http, "POST", base + "/chat/completions", question.formatted("byte-llama+snapkv-128", "")).body());
            assertEquals("snapkv", byId.path("usage").path("longscope").path("kv").path("method").asText(), byId.toString());
            var byField = json.readTree(v1(http, "POST", base + "/chat/completions",
                    question.formatted("byte-llama", ", \"longscope\": {\"kv\": \"streamingllm:budget=64\"}")).body());
            assertEquals("streamingllm", byField.path("usage").path("longscope").path("kv").path("method").asText(), byField.toString());

            // streamed: the same text in pieces, the role first, the finish reason last, usage on request, then [DONE]
            var streamed = v1(http, "POST", base + "/chat/completions",
                    question.formatted("byte-llama", ", \"stream\": true, \"stream_options\": {\"include_usage\": true}"));
            assertEquals(200, streamed.statusCode(), streamed.body());
            assertTrue(streamed.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            assertEquals("[DONE]", events.getLast());
            StringBuilder text = new StringBuilder();
            for (String event : events.subList(1, events.size() - 2)) {
                text.append(json.readTree(event).path("choices").get(0).path("delta").path("content").asText());
            }
            assertEquals("assistant", json.readTree(events.getFirst()).path("choices").get(0).path("delta").path("role").asText());
            assertEquals(answer, text.toString());
            assertTrue(events.size() > 5, "sent token by token: " + events.size() + " events");
            assertEquals(fullBody.path("usage").path("completion_tokens").asInt(),
                    json.readTree(events.get(events.size() - 2)).path("usage").path("completion_tokens").asInt());

            var completion = json.readTree(v1(http, "POST", base + "/completions",
                    "{\"model\": \"byte-llama\", \"prompt\": \"The pass key is 42665. The pass key is\", \"max_tokens\": 8, "
                            + "\"temperature\": 0}").body());
            assertEquals("text_completion", completion.path("object").asText(), completion.toString());
            assertFalse(completion.path("choices").get(0).path("text").asText().isEmpty(), completion.toString());

            var tooLong = v1(http, "POST", base + "/completions", "{\"model\": \"byte-llama\", \"prompt\": \""
                    + "w ".repeat(1500) + "\", \"max_tokens\": 8}");
            assertEquals(400, tooLong.statusCode(), tooLong.body());
            assertTrue(tooLong.body().contains("exceed the context window of 2048 tokens"), tooLong.body());
            var unknown = v1(http, "POST", base + "/completions", "{\"model\": \"gpt-5\", \"prompt\": \"x\"}");
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("model_not_found") && unknown.body().contains("byte-llama"), unknown.body());

            // queue 1: one running, one waiting, the third turned away with 429 and Retry-After
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(http.sendAsync(request("POST", base + "/completions",
                        "{\"model\": \"slow\", \"prompt\": \"the digits 7 7 7\", \"max_tokens\": 4}"),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(200);
            }
            List<Integer> statuses = new ArrayList<>();
            for (var call : calls) {
                var response = call.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    assertEquals("1", response.headers().firstValue("retry-after").orElse(""));
                }
            }
            assertEquals(List.of(200, 200, 429), statuses.stream().sorted().toList(), statuses.toString());

            // the official OpenAI client (npm "openai", installed by run-tests.sh) parses every answer
            Path node = Path.of(System.getProperty("longscope.node.conformance"));
            assertTrue(Files.isDirectory(node.resolve("node_modules/openai")),
                    "the openai npm package is missing in " + node + ": run ./run-tests.sh, which installs it (npm ci)");
            Process conformance = new ProcessBuilder("node", "conformance.mjs", base, "t0ken", "byte-llama")
                    .directory(node.toFile()).redirectErrorStream(true).start();
            String report = new String(conformance.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(conformance.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, conformance.exitValue(), report);
            var checks = json.readTree(report.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertTrue(answer.startsWith(checks.path("chat").path("text").asText()), "greedy, 12 of the same 16 tokens: " + report);
            assertEquals(404, checks.path("unknownModel").asInt(), report);

            // load: 64 concurrent streams against a queue of 1; each is answered or turned away, and the server stays up
            Process load = new ProcessBuilder("node", "load.mjs", base, "t0ken", "byte-llama", "64", "4")
                    .directory(node.toFile()).redirectErrorStream(true).start();
            String loadReport = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(load.waitFor(120, TimeUnit.SECONDS));
            var figures = json.readTree(loadReport.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertEquals(64, figures.path("ok").asInt() + figures.path("refused").asInt(), loadReport);
            assertEquals(0, figures.path("errors").size(), loadReport);
            assertTrue(figures.path("ok").asInt() >= 2 && figures.path("refused").asInt() > 0, loadReport);
            assertEquals(200, v1(http, "POST", base + "/chat/completions", question.formatted("byte-llama", "")).statusCode());
            assertTrue(server.isAlive());
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }

        Path bad = spec("serve-bad.yaml", "models:\n  - id: x\n    modle: digits:x\n");
        Result refused = longscope("serve", "--port", Integer.toString(port), "--models", bad.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("models[0].modle") && refused.err().contains("unknown field"), refused.toString());
    }

    /**
     * Round trip: the openai backend against LongScope's own /v1 on loopback gives the answers and
     * scores of the in-process run of the same spec (greedy), with the full cache and under SnapKV;
     * the API key reaches no file of the run.
     */
    @Test
    void theOpenAiBackendAgainstOurOwnServerAnswersAsTheInProcessRun() throws Exception {
        Path config = spec("serve-roundtrip.yaml", "models:\n  - id: byte-llama\n");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String key = "sk-roundtrip-" + Long.toHexString(System.nanoTime());
        Process server = serve("--port", Integer.toString(port), "--token", key, "--models", config.toString());
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/v1";
            awaitUp(http, base + "/models", server);
            String benchmarks = """
                    kv: [full, "snapkv:budget=128,kernel=15"]
                    benchmarks: [{id: passkey, tasks: [passkey], lengths: [512, 1024], samples: 1, seed: 3}]
                    settings: {chat_template: false}
                    """;
            Path local = spec("local.yaml", "name: local\n" + benchmarks);
            Path remote = spec("remote.yaml", "name: remote\nmodel: {backend: openai, ref: \"" + base + "\", options: "
                    + "{model: byte-llama, api_key_env: LONGSCOPE_TEST_KEY, longscope_kv: true, max_concurrency: 2}}\n" + benchmarks);
            Result inProcess = longscope("run", local.toString(), "--out", work.resolve("runs-local").toString());
            assertEquals(0, inProcess.exitCode(), inProcess.toString());
            Result served = longscope(Map.of("LONGSCOPE_TEST_KEY", key), "run", remote.toString(),
                    "--out", work.resolve("runs-remote").toString());
            assertEquals(0, served.exitCode(), served.toString());
            Path remoteRun = onlyRunDirectory(work.resolve("runs-remote"));
            assertEquals(itemsAndScores(onlyRunDirectory(work.resolve("runs-local"))), itemsAndScores(remoteRun));
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var records = Files.readAllLines(remoteRun.resolve("samples.jsonl")).stream().map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(20, records.size(), "5 depths x 2 lengths x 2 methods");
            assertTrue(records.stream().anyMatch(r -> r.path("kv_counters").isObject() && r.path("kv").asText().startsWith("snapkv")));
            try (Stream<Path> files = Files.walk(remoteRun)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(key),
                            "the API key is in " + file);
                }
            }
            assertFalse(served.out().contains(key) || served.err().contains(key));

            // the likelihood judge through the server's prompt scoring (echo with logprobs): the same verdicts
            String judging = """
                    benchmarks: [{id: longrewardbench-synth, tasks: [pairwise], lengths: [512], samples: 3, seed: 5}]
                    judge: {id: likelihood}
                    settings: {chat_template: false}
                    """;
            Path localJudge = spec("local-judge.yaml", "name: local-judge\n" + judging);
            Path remoteJudge = spec("remote-judge.yaml", "name: remote-judge\nmodel: {backend: openai, ref: \"" + base
                    + "\", options: {model: byte-llama, api_key_env: LONGSCOPE_TEST_KEY, logprobs: true}}\n" + judging);
            assertEquals(0, longscope("run", localJudge.toString(), "--out", work.resolve("runs-local-judge").toString()).exitCode());
            Result remoteJudged = longscope(Map.of("LONGSCOPE_TEST_KEY", key), "run", remoteJudge.toString(),
                    "--out", work.resolve("runs-remote-judge").toString());
            assertEquals(0, remoteJudged.exitCode(), remoteJudged.toString());
            assertEquals(verdicts(onlyRunDirectory(work.resolve("runs-local-judge"))),
                    verdicts(onlyRunDirectory(work.resolve("runs-remote-judge"))));

            Result wrongKey = longscope(Map.of("LONGSCOPE_TEST_KEY", "sk-wrong"), "run", remote.toString(),
                    "--out", work.resolve("runs-remote-bad").toString());
            assertEquals(2, wrongKey.exitCode(), wrongKey.toString());
            assertTrue(wrongKey.err().contains("401") && wrongKey.err().contains("LONGSCOPE_TEST_KEY")
                    && !wrongKey.err().contains("sk-wrong"), wrongKey.toString());
            Path unknownModel = spec("remote-unknown.yaml", Files.readString(remote).replace("model: byte-llama", "model: gpt-5"));
            Result unknown = longscope(Map.of("LONGSCOPE_TEST_KEY", key), "run", unknownModel.toString(),
                    "--out", work.resolve("runs-remote-bad").toString());
            assertEquals(2, unknown.exitCode(), unknown.toString());
            assertTrue(unknown.err().contains("gpt-5") && unknown.err().contains("byte-llama"), unknown.toString());
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
        Path unreachable = spec("remote-down.yaml", "name: down\nmodel: {backend: openai, ref: \"http://127.0.0.1:" + port
                + "/v1\", options: {attempts: 1}}\nbenchmarks: [{id: passkey, tasks: [passkey], lengths: [512], samples: 1}]\n");
        Result down = longscope("run", unreachable.toString(), "--out", work.resolve("runs-remote-bad").toString());
        assertEquals(2, down.exitCode(), down.toString());
        assertTrue(down.err().contains("cannot reach the server"), down.toString());
    }

    /**
     * A whole run through the openai backend against a loopback server that fails on purpose (429
     * with Retry-After, 500, malformed JSON, a connection cut mid-answer, every other request at
     * first): the run finishes with every item answered once, none lost or duplicated, and the key
     * in no file the run writes.
     */
    @Test
    void aRunAgainstAFaultyServerFinishesWithEveryItemOnce() throws Exception {
        String key = "sk-faulty-" + Long.toHexString(System.nanoTime());
        java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer fake = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        fake.createContext("/v1/models", exchange -> answer(exchange, 200, "{\"data\": [{\"id\": \"digits\"}]}"));
        fake.createContext("/tokenize", exchange -> { // one token per character, and a window of 4,096
            String prompt = json.readTree(exchange.getRequestBody()).path("prompt").asText();
            StringBuilder tokens = new StringBuilder();
            prompt.chars().forEach(c -> tokens.append(tokens.isEmpty() ? "" : ",").append(c));
            answer(exchange, 200, "{\"count\": " + prompt.length() + ", \"max_model_len\": 4096, \"tokens\": [" + tokens + "]}");
        });
        fake.createContext("/detokenize", exchange -> {
            StringBuilder text = new StringBuilder();
            json.readTree(exchange.getRequestBody()).path("tokens").forEach(t -> text.append((char) t.asInt()));
            answer(exchange, 200, json.writeValueAsString(java.util.Map.of("prompt", text.toString())));
        });
        fake.createContext("/v1/completions", exchange -> {
            String prompt = json.readTree(exchange.getRequestBody()).path("prompt").asText();
            int n = completions.incrementAndGet();
            if (!("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\": {\"message\": \"bad key\"}}");
            } else if (n % 2 == 1) { // every other request fails, each way in turn
                switch ((n / 2) % 4) {
                    case 0 -> {
                        exchange.getResponseHeaders().add("Retry-After", "0");
                        answer(exchange, 429, "{\"error\": {\"message\": \"slow down\"}}");
                    }
                    case 1 -> answer(exchange, 500, "{\"error\": {\"message\": \"boom\"}}");
                    case 2 -> answer(exchange, 200, "{\"choices\": [ not json");
                    default -> {
                        exchange.sendResponseHeaders(200, 500);
                        exchange.getResponseBody().write("{\"choices\": [{\"te".getBytes(StandardCharsets.UTF_8));
                        exchange.close();
                    }
                }
            } else { // the digits model: the pass key is the last five digits of the prompt
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{5})").matcher(prompt);
                String digits = "00000";
                while (m.find()) {
                    digits = m.group(1);
                }
                answer(exchange, 200, "{\"choices\": [{\"text\": \" " + digits + ".\", \"finish_reason\": \"stop\"}], "
                        + "\"usage\": {\"prompt_tokens\": " + prompt.length() + ", \"completion_tokens\": 3}}");
            }
        });
        fake.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        fake.start();
        try {
            Path spec = spec("faulty.yaml", "name: faulty\nmodel: {backend: openai, ref: \"http://127.0.0.1:"
                    + fake.getAddress().getPort() + "/v1\", options: {api_key_env: LONGSCOPE_TEST_KEY, attempts: 4}}\n"
                    + "benchmarks: [{id: passkey, tasks: [passkey], lengths: [1024], samples: 2, seed: 8}]\n"
                    + "settings: {chat_template: false}\nconcurrency: 3\n");
            Path runs = work.resolve("runs-faulty");
            Result run = longscope(Map.of("LONGSCOPE_TEST_KEY", key), "run", spec.toString(), "--out", runs.toString());
            assertEquals(0, run.exitCode(), run.toString());
            Path directory = onlyRunDirectory(runs);
            List<String> lines = Files.readAllLines(directory.resolve("samples.jsonl"));
            assertEquals(10, lines.size(), "5 depths x 2 samples, each once");
            assertEquals(10, lines.stream().map(l -> l.substring(0, l.indexOf(","))).distinct().count());
            for (String line : lines) {
                var record = json.readTree(line);
                assertEquals("done", record.get("status").asText(), line);
                assertEquals(100.0, record.get("metrics").get("accuracy").asDouble(), line);
            }
            assertTrue(completions.get() >= 20, "every answer came after a fault: " + completions.get());
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(key), file.toString());
                }
            }
            assertFalse(run.out().contains(key) || run.err().contains(key));
        } finally {
            fake.stop(0);
        }
    }

    /**
     * A hosted API without /tokenize: with a named tokenizer.json (the real Qwen3 one, run by DJL
     * inside Felix) and context_length the run goes through; without one it is refused before work.
     */
    @Test
    void aServerWithoutTokenizeNeedsANamedTokenizer() throws Exception {
        Path qwen3 = Path.of(System.getProperty("longscope.shared.tokenizers"), "qwen3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(qwen3.resolve("tokenizer.json")), "no shared data: " + qwen3);
        com.sun.net.httpserver.HttpServer hosted = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hosted.createContext("/v1/models", exchange -> answer(exchange, 200, "{\"data\": [{\"id\": \"hosted\"}]}"));
        hosted.createContext("/v1/completions", exchange -> {
            String prompt = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exchange.getRequestBody()).path("prompt").asText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{5})").matcher(prompt);
            String digits = "00000";
            while (m.find()) {
                digits = m.group(1);
            }
            answer(exchange, 200, "{\"choices\": [{\"text\": \" " + digits + ".\", \"finish_reason\": \"stop\"}], "
                    + "\"usage\": {\"prompt_tokens\": 100, \"completion_tokens\": 3}}");
        });
        hosted.start();
        try {
            String model = "model: {backend: openai, ref: \"http://127.0.0.1:" + hosted.getAddress().getPort() + "/v1\", "
                    + "options: {context_length: 8192, attempts: 1%s}}\n";
            String rest = "benchmarks: [{id: passkey, tasks: [passkey], lengths: [2048], samples: 1}]\nsettings: {chat_template: false}\n";
            Path named = spec("hosted-named.yaml", "name: hosted\n" + model.formatted(", tokenizer: \"" + qwen3 + "\"") + rest);
            Result run = longscope("run", named.toString(), "--out", work.resolve("runs-hosted").toString());
            assertEquals(0, run.exitCode(), run.toString());
            var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    Files.readAllLines(onlyRunDirectory(work.resolve("runs-hosted")).resolve("samples.jsonl")).getFirst());
            assertEquals(100.0, record.path("metrics").path("accuracy").asDouble(), record.toString());

            Path unnamed = spec("hosted-unnamed.yaml", "name: hosted\n" + model.formatted("") + rest);
            Result refused = longscope("run", unnamed.toString(), "--out", work.resolve("runs-hosted-bad").toString());
            assertEquals(2, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("/tokenize"), refused.toString());
        } finally {
            hosted.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Process serve(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/longscope").toString());
        command.add("serve");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(work, "serve", ".txt").toFile()).start();
    }

    private static void awaitUp(java.net.http.HttpClient http, String url, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                // 404 while the servlet of that path has not registered yet (the web pages' may be first)
                if (http.send(request("GET", url, null), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
                    return;
                }
                Thread.sleep(250);
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the server did not answer " + url + (server.isAlive() ? " within 90 s" : ": it exited"));
    }

    private static java.net.http.HttpRequest request(String method, String url, String body) {
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", "Bearer t0ken");
        return body == null ? builder.GET().build() : builder.header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static java.net.http.HttpResponse<String> v1(java.net.http.HttpClient http, String method, String url, String body)
            throws Exception {
        return http.send(request(method, url, body), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Bad reward-benchmark input is refused before any work starts, naming what is wrong. */
    @Test
    void badLongRewardBenchInputExitsTwoBeforeAnyWork() throws Exception {
        Path cache = work.resolve("cache-longrewardbench-bad");
        Path files = Files.createDirectories(cache.resolve("LCM-Lab/LongRewardBench/main"));
        Path good = Path.of(System.getProperty("longscope.longrewardbench.fixtures"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String first = Files.readAllLines(good.resolve("Math.jsonl")).getFirst();
        var noLength = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(first);
        noLength.remove("ctx_length_for_length");
        Files.writeString(files.resolve("Math.jsonl"), first + "\n" + json.writeValueAsString(noLength) + "\n");
        var threeCandidates = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(first);
        threeCandidates.putArray("candidates").add("a").add("b").add("c");
        Files.writeString(files.resolve("Code.jsonl"), json.writeValueAsString(threeCandidates) + "\n");
        Map<String, String> environment = Map.of("LONGSCOPE_DATA_CACHE", cache.toString(), "LONGSCOPE_OFFLINE", "1");

        Result missingField = longscope(environment, "run", "--benchmark", "longrewardbench", "--tasks", "Math",
                "--judge", "likelihood", "--out", work.resolve("runs-lrb-bad").toString());
        assertEquals(2, missingField.exitCode(), missingField.toString());
        assertTrue(missingField.err().contains("Math.jsonl line 2") && missingField.err().contains("ctx_length_for_length"),
                missingField.toString());

        Result threeCandidatePair = longscope(environment, "run", "--benchmark", "longrewardbench", "--tasks", "Code",
                "--judge", "likelihood", "--out", work.resolve("runs-lrb-bad").toString());
        assertEquals(2, threeCandidatePair.exitCode(), threeCandidatePair.toString());
        assertTrue(threeCandidatePair.err().contains("Code.jsonl line 1") && threeCandidatePair.err().contains("3 candidates"),
                threeCandidatePair.toString());

        Result unknownJudge = longscope(environment, "run", "--benchmark", "longrewardbench-synth", "--samples", "1",
                "--judge", "no-such-judge", "--out", work.resolve("runs-lrb-bad").toString());
        assertEquals(2, unknownJudge.exitCode(), unknownJudge.toString());
        assertTrue(unknownJudge.err().contains("no-such-judge") && unknownJudge.err().contains("likelihood"),
                unknownJudge.toString());

        Path noLogProbs = spec("judge-digits.yaml", """
                name: judge-digits
                benchmarks:
                  - {id: longrewardbench-synth, tasks: [pairwise], lengths: [512], samples: 1}
                judge:
                  id: likelihood
                  model: {backend: digits, ref: "digits:judge"}
                """);
        Result withoutLogProbs = longscope(environment, "run", noLogProbs.toString(), "--out", work.resolve("runs-lrb-bad").toString());
        assertEquals(2, withoutLogProbs.exitCode(), withoutLogProbs.toString());
        assertTrue(withoutLogProbs.err().contains("log-probabilities"), withoutLogProbs.toString());
        try (Stream<Path> refused = Files.walk(work.resolve("runs-lrb-bad"))) {
            for (Path samples : refused.filter(p -> p.endsWith("samples.jsonl")).toList()) {
                assertTrue(Files.readString(samples).isBlank(), "no work item ran: " + samples);
            }
        }
    }
}
