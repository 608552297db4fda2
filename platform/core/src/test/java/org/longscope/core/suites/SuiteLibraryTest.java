package org.longscope.core.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.spec.BenchmarkSpec;

class SuiteLibraryTest {
    private static final List<String> GENERATED_RULER_TASKS = List.of("niah_single_1", "niah_single_2",
            "niah_single_3", "niah_multikey_1", "niah_multikey_2", "niah_multikey_3", "niah_multivalue",
            "niah_multiquery", "vt", "cwe", "fwe");

    private final SuiteLibrary library = new SuiteLibrary();

    @TempDir
    Path dir;

    private static BenchmarkSpec benchmark(Suite suite, String id) {
        return suite.benchmarks().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(suite.name() + " lacks " + id));
    }

    @Test
    void quickCoversPasskeyNiahAndGeneratedRulerAtShortLengths() {
        Suite quick = library.load("quick");
        assertEquals("quick", quick.name());
        assertEquals(List.of("passkey", "niah", "ruler"), quick.benchmarkIds());
        assertEquals(List.of(1024, 2048, 4096), benchmark(quick, "passkey").lengths());
        assertEquals(Map.of("depths", List.of(0L, 50L, 100L)), benchmark(quick, "passkey").params());
        assertEquals(GENERATED_RULER_TASKS, benchmark(quick, "ruler").tasks());
        assertEquals(Map.of("document_depth_percent_intervals", 5L), benchmark(quick, "niah").params());
        for (BenchmarkSpec b : quick.benchmarks()) {
            assertTrue(b.lengths().stream().allMatch(l -> l <= 4096), b.id() + " stays at 4k or below");
            assertTrue(b.samples() >= 1 && b.samples() <= 2, b.id() + " uses few samples");
            assertEquals(42, b.seed());
        }
        assertTrue(quick.description().contains("minutes"));
    }

    @Test
    void shortIsPasskeyAndSingleNeedlesWithinA2kWindow() {
        Suite suite = library.load("short");
        assertEquals(List.of("passkey", "ruler"), suite.benchmarkIds());
        assertEquals(List.of("niah_single_1", "niah_single_2", "niah_single_3"), benchmark(suite, "ruler").tasks());
        assertEquals(List.of(512, 1024, 2048), benchmark(suite, "passkey").lengths());
        assertEquals(List.of(1024, 2048), benchmark(suite, "ruler").lengths());
    }

    @Test
    void standardIsRuler4kTo128kAndNiah1kTo128k() {
        Suite standard = library.load("standard");
        BenchmarkSpec ruler = benchmark(standard, "ruler");
        assertEquals(List.of(4096, 8192, 16384, 32768, 65536, 131072), ruler.lengths());
        assertEquals(13, ruler.tasks().size());
        assertTrue(ruler.tasks().containsAll(GENERATED_RULER_TASKS));
        assertTrue(ruler.tasks().containsAll(List.of("qa_1", "qa_2")));
        BenchmarkSpec niah = benchmark(standard, "niah");
        assertEquals(List.of(1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072), niah.lengths());
        assertEquals(Map.of("document_depth_percent_intervals", 11L), niah.params());
    }

    /** LOOMBench-style: real LongBench data sampled per task, and generated tasks at shares of the model's window. */
    @Test
    void loombenchSamplesLongBenchAndRunsGeneratedTasksAtTheModelsLengths() {
        Suite suite = library.load("loombench");
        assertEquals(List.of("longbench", "longbench-v2", "ruler", "niah"), suite.benchmarkIds());
        BenchmarkSpec longBench = benchmark(suite, "longbench");
        assertEquals(List.of(), longBench.tasks(), "every LongBench task");
        assertEquals(20, longBench.samples());
        assertEquals(100, benchmark(suite, "longbench-v2").samples());
        BenchmarkSpec ruler = benchmark(suite, "ruler");
        assertEquals(11, ruler.tasks().size());
        assertEquals(List.of(50, 100), ruler.windowPercents());
        assertEquals(List.of(65536, 131072), ruler.lengthsFor(131072));
        assertEquals(List.of(1024, 2048), ruler.lengthsFor(2048));
        assertEquals(List.of(25, 50, 100), benchmark(suite, "niah").windowPercents());
        assertEquals(List.of("50%", "100%"), ((Map<?, ?>) ((List<?>) suite.specFields().get("benchmarks")).get(2)).get("lengths"));
    }

    @Test
    void everyShippedResourceIsListedAndLoads() throws Exception {
        // the compiled resources folder (target/classes/org/longscope/core/suites)
        Path resources = Path.of(SuiteLibrary.class.getResource("quick.yaml").toURI()).getParent();
        List<String> files;
        try (Stream<Path> s = Files.list(resources)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertEquals(library.names().stream().sorted().toList(), files);
        assertEquals(library.names(), library.list().stream().map(Suite::name).toList());
    }

    @Test
    void unknownNameListsTheAvailableSuites() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> library.load("quik"));
        assertEquals("suite: unknown suite 'quik'; available: [loombench (org.longscope.core), quick (org.longscope.core), short (org.longscope.core), standard (org.longscope.core)]"
                + " (or give the path of a suite YAML file)",
                e.getMessage());
        assertThrows(InvalidInputException.class, () -> library.resolve("quik"));
    }

    @Test
    void loadsASuiteFileAndResolvesPaths() throws IOException {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                description: my own
                benchmarks:
                  - ruler
                  - id: niah
                    lengths: [2048, 8K]
                    samples: 3
                    seed: -7
                    params: {intervals: 5, spacing: sigmoid}
                """);
        Suite suite = library.load(file);
        assertEquals("mine", suite.name());
        assertEquals(file.toString(), suite.source());
        assertEquals(new BenchmarkSpec("ruler", List.of(), List.of(), 0, 0, Map.of()), suite.benchmarks().get(0));
        assertEquals(new BenchmarkSpec("niah", List.of(), List.of(2048, 8192), 3, -7,
                Map.of("intervals", 5L, "spacing", "sigmoid")), suite.benchmarks().get(1));
        assertEquals(suite, library.resolve(file.toString()));
        assertEquals("quick", library.resolve("quick").name());

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> library.resolve(dir.resolve("absent.yaml").toString()));
        assertTrue(missing.getMessage().endsWith("absent.yaml: suite file not found"), missing.getMessage());
    }

    @Test
    void errorsNameTheSourceAndFieldPath() {
        assertError("benchmarks: [{id: ruler, lengths: [4k, abc]}]",
                "s.yaml: benchmarks[0].lengths[1]: expected a positive integer or a size like 8k, got \"abc\"");
        assertError("benchmarks: [{id: ruler, lengths: [0]}]",
                "s.yaml: benchmarks[0].lengths[0]: expected a positive integer or a size like 8k, got 0");
        assertError("benchmarks: [{id: ruler, sample: 3}]",
                "s.yaml: benchmarks[0].sample: unknown field; expected one of [id, lengths, params, samples, seed, tasks]");
        assertError("benchmarks: [{tasks: [vt]}]", "s.yaml: benchmarks[0].id: required: the benchmark's id, e.g. ruler");
        assertError("benchmarks: [ruler, {id: niah, samples: -1}]",
                "s.yaml: benchmarks[1].samples: expected an integer >= 0, got -1");
        assertError("benchmarks: [{id: ruler, tasks: vt}]",
                "s.yaml: benchmarks[0].tasks: expected a list of task names, got \"vt\"");
        assertError("benchmarks: []", "s.yaml: benchmarks: expected a non-empty list of benchmarks");
        assertError("benchmark: [ruler]",
                "s.yaml: benchmark: unknown field; expected one of [benchmarks, description, name]");
        assertError("benchmarks: [{id: niah, params: {depths: ~}}]",
                "s.yaml: benchmarks[0].params.depths: expected a value, got null");
        assertError("name: my suite\nbenchmarks: [ruler]", "s.yaml: name: expected letters, digits, '.', '_' or '-'"
                + " (at most 64; it becomes the run name), got \"my suite\"");
        assertEquals("my-long-suite", library.parse("benchmarks: [ruler]", "my long suite.yaml").name());
        InvalidInputException yaml = assertThrows(InvalidInputException.class,
                () -> library.parse("benchmarks: [ruler", "s.yaml"));
        assertTrue(yaml.getMessage().startsWith("s.yaml: not valid YAML"), yaml.getMessage());
    }

    private void assertError(String document, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> library.parse(document, "s.yaml"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void specFieldsAndReseeding() {
        Suite quick = library.load("quick").withSeed(7);
        assertTrue(quick.benchmarks().stream().allMatch(b -> b.seed() == 7));
        Map<String, Object> fields = quick.specFields();
        assertEquals("quick", fields.get("name"));
        List<?> benchmarks = (List<?>) fields.get("benchmarks");
        assertEquals(3, benchmarks.size());
        Map<?, ?> passkey = (Map<?, ?>) benchmarks.getFirst();
        assertEquals("passkey", passkey.get("id"));
        assertEquals(List.of(1024, 2048, 4096), passkey.get("lengths"));
        assertEquals(7L, passkey.get("seed"));
    }
}
