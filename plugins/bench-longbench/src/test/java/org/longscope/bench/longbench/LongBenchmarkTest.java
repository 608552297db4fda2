package org.longscope.bench.longbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.bench.TaskInfo;

/**
 * The adapters on fixtures in the hub's layout and format (src/test/resources/longbench, written
 * by make_fixtures.py), against what upstream's code makes of the same items: the prompt
 * ({@code pred.py}), and {@code result.json} of upstream's {@code eval.py} over fixed predictions.
 */
class LongBenchmarkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static Map<String, String> expectedPrompts = new HashMap<>();
    static Map<String, String> predictions = new HashMap<>();

    @BeforeAll
    static void hubLayout() throws IOException {
        copy("data.zip", LongBenchAdapter.DATA.resolveIn(data));
        copy("data.json", LongBenchV2Benchmark.DATA.resolveIn(data));
        for (String line : resource("expected-prompts.jsonl").lines().toList()) {
            JsonNode n = JSON.readTree(line);
            expectedPrompts.put(n.get("benchmark").asText() + "/" + n.get("id").asText(), n.get("prompt").asText());
        }
        for (String line : resource("predictions.jsonl").lines().toList()) {
            JsonNode n = JSON.readTree(line);
            predictions.put(n.get("benchmark").asText() + "/" + n.get("id").asText(), n.get("pred").asText());
        }
    }

    private static void copy(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = LongBenchmarkTest.class.getResourceAsStream("/longbench/" + name)) {
            Files.copy(in, target);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LongBenchmarkTest.class.getResourceAsStream("/longbench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Sample> samples(BenchmarkAdapter adapter, String task, Path directory) throws IOException {
        return adapter.samples(new BenchmarkSelection(task, List.of(), 0, Map.of()), new SampleContext(directory, null, 1, 0));
    }

    /** Every task's prompts, scored against the predictions, with upstream's result file. */
    private static String run(BenchmarkAdapter adapter, String id, Path runDirectory) throws IOException {
        List<ScoredSample> scored = new ArrayList<>();
        for (TaskInfo task : adapter.info().tasks()) {
            List<Sample> samples = samples(adapter, task.name(), data);
            assertFalse(samples.isEmpty(), task.name());
            for (Sample sample : samples) {
                String key = id + "/" + sample.id();
                RenderedPrompt prompt = adapter.render(sample);
                assertEquals(expectedPrompts.get(key), prompt.messages().getFirst().content(), key);
                SampleScore score = adapter.score(sample, predictions.get(key));
                scored.add(new ScoredSample(sample.id(), sample.task(), 0, 100, score.metrics(), sample.data()));
            }
        }
        adapter.aggregate(scored);
        Files.createDirectories(runDirectory);
        adapter.writeArtifacts(scored, runDirectory);
        return String.join("\n", Files.readAllLines(runDirectory.resolve(
                adapter instanceof LongBenchV2Benchmark ? LongBenchV2Benchmark.RESULT_FILE : LongBenchAdapter.RESULT_FILE)));
    }

    @Test
    void longBenchPromptsAndResultJsonAreUpstreams(@TempDir Path run) throws IOException {
        assertEquals(resource("expected-result.json"), run(new LongBenchBenchmark(), "longbench", run));
        assertEquals(21, new LongBenchBenchmark().info().tasks().size());
    }

    @Test
    void longBenchEPromptsAndBucketsAreUpstreams(@TempDir Path run) throws IOException {
        assertEquals(resource("expected-result-e.json"), run(new LongBenchEBenchmark(), "longbench-e", run));
        assertEquals(13, new LongBenchEBenchmark().info().tasks().size());
    }

    /** result.py by hand: answers A, C, none, A against A, C, B, D; easy 0 and 3, medium only item 1, long only 2. */
    @Test
    void longBenchV2PromptsExtractionAndResultRow(@TempDir Path run) throws IOException {
        assertEquals("Model\tOverall\tEasy\tHard\tShort\tMedium\tLong\nrun\t50.0\t50.0\t50.0\t50.0\t100.0\t0.0",
                run(new LongBenchV2Benchmark(), "longbench-v2", run));
        assertEquals("C", LongBenchV2Benchmark.extractAnswer(" **The correct answer is (C)**\n"));
        assertEquals("B", LongBenchV2Benchmark.extractAnswer("The correct answer is B, since"));
        assertEquals(null, LongBenchV2Benchmark.extractAnswer("The correct answer is (E)"));
        assertEquals(128, new LongBenchV2Benchmark().render(samples(new LongBenchV2Benchmark(), "multiple_choice", data)
                .getFirst()).maxNewTokens());
    }

    /** pred.py's --no_context and --cot: the prompts, the reasoning budget, and the answer prompt built from the stripped reasoning. */
    @Test
    void longBenchV2ModesBuildUpstreamsPrompts() throws IOException {
        LongBenchV2Benchmark adapter = new LongBenchV2Benchmark();
        String reasoning = "\n  The text says the engineer Thomas Hale built it in 1872, so the answer is (A).\u3000\n";
        int checked = 0;
        for (String line : resource("expected-v2-modes.jsonl").split("\n")) {
            JsonNode expected = JSON.readTree(line);
            for (String mode : List.of("no_context", "cot")) {
                Sample sample = adapter.samples(new BenchmarkSelection("multiple_choice", List.of(), 0, Map.of("mode", mode)),
                        new SampleContext(data, null, 1, 0)).stream()
                        .filter(x -> x.id().equals(expected.get("id").asText())).findFirst().orElseThrow();
                RenderedPrompt first = adapter.render(sample);
                assertEquals(expected.get(mode).asText(), first.messages().getFirst().content(), mode);
                if (mode.equals("cot")) {
                    assertEquals(1024, first.maxNewTokens());
                    RenderedPrompt answer = adapter.followUp(sample, List.of(reasoning)).orElseThrow();
                    assertEquals(expected.get("cot_answer").asText(), answer.messages().getFirst().content());
                    assertEquals(128, answer.maxNewTokens());
                    assertTrue(adapter.followUp(sample, List.of(reasoning, "The correct answer is (A)")).isEmpty());
                } else {
                    assertTrue(adapter.followUp(sample, List.of("The correct answer is (A)")).isEmpty());
                }
                checked++;
            }
        }
        assertEquals(8, checked);
        InvalidInputException wrongMode = assertThrows(InvalidInputException.class, () -> adapter.samples(
                new BenchmarkSelection("multiple_choice", List.of(), 0, Map.of("mode", "rag")), new SampleContext(data, null, 1, 0)));
        assertTrue(wrongMode.getMessage().contains("params.mode") && wrongMode.getMessage().contains("cot"), wrongMode.getMessage());
    }

    /** A subset keeps the strata's shares, is the same for the same seed, and reads only the chosen items' contexts. */
    @Test
    void longBenchV2SubsetIsStratifiedAndSeeded() throws IOException {
        LongBenchV2Benchmark adapter = new LongBenchV2Benchmark();
        List<Sample> two = adapter.samples(new BenchmarkSelection("multiple_choice", List.of(), 2, Map.of()),
                new SampleContext(data, null, 7, 0));
        assertEquals(2, two.size());
        // strata easy/short (items 0 and 3), hard/medium (1), hard/long (2): two items go to the largest fractions
        assertEquals(two.stream().map(Sample::id).toList(), adapter.samples(new BenchmarkSelection("multiple_choice",
                List.of(), 2, Map.of()), new SampleContext(data, null, 7, 0)).stream().map(Sample::id).toList());
        assertEquals("easy", two.getFirst().data().get("difficulty"));
    }

    @Test
    void generationLengthsTemplatesAndStopsFollowUpstreamsTables() throws IOException {
        Map<String, Integer> expectedMaxNew = Map.of("narrativeqa", 128, "hotpotqa", 32, "gov_report", 512, "trec", 64,
                "passage_count", 32, "lcc", 64);
        for (TaskInfo task : new LongBenchBenchmark().info().tasks()) {
            RenderedPrompt prompt = new LongBenchBenchmark().render(samples(new LongBenchBenchmark(), task.name(), data).getFirst());
            boolean plain = List.of("trec", "triviaqa", "samsum", "lsht", "lcc", "repobench-p").contains(task.name());
            assertEquals(!plain, prompt.chatTemplate(), task.name());
            assertEquals(task.name().equals("samsum") ? List.of("\n") : List.of(), prompt.stop(), task.name());
            if (expectedMaxNew.containsKey(task.name())) {
                assertEquals(expectedMaxNew.get(task.name()), prompt.maxNewTokens(), task.name());
            }
        }
    }

    @Test
    void aBrokenLineNamesTheArchiveEntryLineAndField(@TempDir Path directory) throws IOException {
        Path zip = LongBenchAdapter.DATA.resolveIn(directory);
        Files.createDirectories(zip.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("data/trec.jsonl"));
            out.write("""
                    {"input": "q", "context": "c", "answers": ["Person"], "length": 10, "all_classes": ["Person"], "_id": "a"}
                    {"input": "q", "context": "c", "length": 10, "all_classes": null, "_id": "b"}
                    """.getBytes(StandardCharsets.UTF_8));
        }
        LongBenchBenchmark adapter = new LongBenchBenchmark();
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> samples(adapter, "trec", directory));
        assertEquals("data.zip!data/trec.jsonl line 2: field 'answers': missing; expected a list of strings", missing.getMessage());
        InvalidInputException noEntry = assertThrows(InvalidInputException.class, () -> samples(adapter, "lcc", directory));
        assertTrue(noEntry.getMessage().contains("has no entry data/lcc.jsonl"), noEntry.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> samples(new LongBenchEBenchmark(), "lsht", data));
        assertTrue(unknown.getMessage().startsWith("longbench-e.tasks: unknown task 'lsht'"), unknown.getMessage());
    }

    @Test
    void pythonsStripRemovesWhatJavasStripKeeps() {
        assertEquals("a b", PythonText.strip("\u00a0\u001c a b\u3000\u0085"));
        assertEquals("\u00a0a", "\u00a0a".strip());
    }
}
