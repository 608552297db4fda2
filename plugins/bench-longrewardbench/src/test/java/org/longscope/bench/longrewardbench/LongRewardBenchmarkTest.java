package org.longscope.bench.longrewardbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;

/**
 * The adapter on fixture files in the upstream format ({@code src/test/resources/longrewardbench}):
 * seven task files with pairwise, best-of-N (2, 3 and 4 candidates) and one untyped item. Expected
 * orders and {@code expected-results-a-first.csv} come from running Long-RM's
 * {@code preprocess.py} / {@code evaluator.py} logic on the same files under CPython 3.11.
 */
class LongRewardBenchmarkTest {
    final LongRewardBenchmark benchmark = new LongRewardBenchmark();

    @TempDir
    Path data;

    /** Puts the fixture files where the dataset manager would: {@code <cache>/<repo>/<revision>/<path>}. */
    void installFixtures() throws IOException {
        for (String task : ResultsCsv.TASKS) {
            DataFile file = benchmark.dataFiles(task).getFirst();
            Path target = file.resolveIn(data);
            Files.createDirectories(target.getParent());
            try (InputStream in = fixture(task + ".jsonl")) {
                Files.copy(in, target);
            }
        }
    }

    static InputStream fixture(String name) {
        return LongRewardBenchmarkTest.class.getResourceAsStream("/longrewardbench/" + name);
    }

    List<Sample> samples(String task, int count, List<Integer> lengths, Map<String, Object> params) throws IOException {
        return benchmark.samples(new BenchmarkSelection(task, lengths, count, params), new SampleContext(data, null, 1, 0));
    }

    @Test
    void itemsArePresentedInUpstreamsSeededOrder() throws IOException {
        installFixtures();
        List<Sample> longQa = samples("LongQA", 0, List.of(), Map.of());
        // seed(42); shuffle(items) -> [3, 1, 2, 4, 0]; then one shuffle(range(n)) per item in that order
        assertEquals(List.of("3", "1", "2", "4", "0"), longQa.stream().map(Sample::id).toList());
        assertEquals(List.of(List.of(3, 2, 0, 1), List.of(1, 0), List.of(1, 0), List.of(1, 2, 0, 3), List.of(1, 0)),
                longQa.stream().map(s -> s.data().get("order")).toList());
        List<Sample> math = samples("Math", 0, List.of(), Map.of());
        assertEquals(List.of(List.of(2, 1, 0), List.of(1, 0)), math.stream().map(s -> s.data().get("order")).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJudgementShowsTheAnswersInThePresentedOrderWithTheWholePrompt() throws IOException {
        installFixtures();
        Sample bestOfFour = samples("LongQA", 0, List.of(), Map.of()).getFirst(); // item 3, order [3, 2, 0, 1]
        JudgeRequest request = benchmark.judgement(bestOfFour);
        List<String> answers = (List<String>) bestOfFour.data().get("answers");
        assertEquals(JudgeRequest.Mode.RANKING, request.mode());
        assertEquals(List.of(answers.get(3), answers.get(2), answers.get(0), answers.get(1)), request.candidates());
        assertEquals(1, request.prompt().size());
        Sample pairWithSystem = samples("LongQA", 0, List.of(), Map.of()).getLast(); // item 0: system + user
        JudgeRequest pair = benchmark.judgement(pairWithSystem);
        assertEquals(JudgeRequest.Mode.PAIRWISE, pair.mode());
        assertEquals(List.of("system", "user"), pair.prompt().stream().map(m -> m.role()).toList());
        assertEquals(1, pair.contextMessage(), "the long user message is the one truncation may cut");
        Sample twoCandidates = samples("ICL", 0, List.of(), Map.of()).getFirst(); // a BestOfN with subtype 2
        assertEquals(JudgeRequest.Mode.RANKING, benchmark.judgement(twoCandidates).mode(), "BestOfN keeps the rank prompt");
    }

    /** Every item judged by a judge that always ranks in presentation order (A first). */
    List<ScoredSample> judgeAFirst(Map<String, Object> params) throws IOException {
        List<ScoredSample> scored = new ArrayList<>();
        for (String task : ResultsCsv.TASKS) {
            for (Sample s : samples(task, 0, List.of(), params)) {
                int n = benchmark.judgement(s).candidates().size();
                List<Integer> identity = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    identity.add(i);
                }
                Map<String, Double> metrics = benchmark.score(s, Verdict.ranked(identity, "[[A>...]]")).metrics();
                scored.add(new ScoredSample(s.id(), s.task(), 0, 100, metrics, s.data()));
            }
        }
        return scored;
    }

    @Test
    void resultsCsvIsUpstreamsTableByteForByte(@TempDir Path run) throws IOException {
        installFixtures();
        benchmark.writeArtifacts(judgeAFirst(Map.of()), run);
        String expected;
        try (InputStream in = fixture("expected-results-a-first.csv")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(run.resolve(LongRewardBenchmark.RESULTS_FILE)));
    }

    @Test
    void theSummaryCarriesUpstreamsGroupsInPercentByUpstreamsLengthLabels() throws IOException {
        installFixtures();
        Aggregate aggregate = benchmark.aggregate(judgeAFirst(Map.of()));
        // the same figures as the expected results.csv, in percent
        assertEquals(30.769, aggregate.overall().get("pairwise"), 1e-3);
        assertEquals(28.571, aggregate.overall().get("same"), 1e-3);
        assertEquals(18.333, aggregate.overall().get("rank"), 1e-3);
        assertEquals(25.877, aggregate.overall().get("accuracy"), 1e-3);
        assertEquals(100.0, aggregate.overall().get("first_pick"));
        assertEquals(List.of("4k", "8k", "16k", "32k", "64k", "128k"), List.copyOf(aggregate.perBucket().keySet()));
        assertEquals(25.0, aggregate.perBucket().get("4k").get("pairwise"), 1e-9);
        assertEquals(50.0, aggregate.perTask().get("Safety").get("pairwise"), 1e-9);
        assertTrue(!aggregate.overall().containsKey("order_consistency"), "one presentation: nothing to compare");
    }

    @Test
    void aSecondPresentationSwapsPairsAndMeasuresOrderConsistency() throws IOException {
        installFixtures();
        List<Sample> safety = samples("Safety", 0, List.of(), Map.of("presentations", 2));
        assertEquals(List.of("1", "1-o1", "0", "0-o1"), safety.stream().map(Sample::id).toList());
        assertEquals(List.of(List.of(1, 0), List.of(0, 1), List.of(0, 1), List.of(1, 0)),
                safety.stream().map(s -> s.data().get("order")).toList());
        List<Sample> fourWay = samples("LongQA", 1, List.of(), Map.of("presentations", 3));
        assertEquals(3, fourWay.size());
        assertEquals(3, fourWay.stream().map(s -> s.data().get("order")).distinct().count());
        // a judge that always picks A is never consistent across the swap of a pair
        List<ScoredSample> pairs = judgeAFirst(Map.of("presentations", 2)).stream()
                .filter(s -> s.data().get("tasktype").equals("PairWise")).toList();
        assertEquals(0.0, benchmark.aggregate(pairs).overall().get("order_consistency"), 1e-9);
    }

    @Test
    void selectionByCountAndByLengthBucketKeepsUpstreamsOrders() throws IOException {
        installFixtures();
        List<Sample> firstTwo = samples("LongQA", 2, List.of(), Map.of());
        assertEquals(List.of("3", "1"), firstTwo.stream().map(Sample::id).toList());
        List<Sample> at8k = samples("LongQA", 0, List.of(8192), Map.of());
        assertEquals(List.of("1"), at8k.stream().map(Sample::id).toList());
        assertEquals(List.of(1, 0), at8k.getFirst().data().get("order"));
        InvalidInputException odd = assertThrows(InvalidInputException.class, () -> samples("LongQA", 0, List.of(5000), Map.of()));
        assertTrue(odd.getMessage().contains("5000") && odd.getMessage().contains("128k"), odd.getMessage());
    }

    @Test
    void keepingOneFormatRenumbersAndReshufflesAsUpstreamDoes() throws IOException {
        installFixtures();
        List<Sample> pairs = samples("LongQA", 0, List.of(), Map.of("formats", "PairWise"));
        assertEquals(3, pairs.size());
        assertTrue(pairs.stream().allMatch(s -> s.data().get("tasktype").equals("PairWise")));
    }

    @Test
    void anUntypedItemIsAPairThatCountsOnlyInTheOverallAverage() throws IOException {
        installFixtures();
        Sample untyped = samples("Cite", 0, List.of(), Map.of()).stream()
                .filter(s -> s.data().get("tasktype").equals("None")).findFirst().orElseThrow();
        assertEquals(JudgeRequest.Mode.PAIRWISE, benchmark.judgement(untyped).mode());
        Map<String, Double> metrics = benchmark.score(untyped, Verdict.ranked(List.of(0, 1), "[[A]]")).metrics();
        assertTrue(metrics.containsKey("accuracy") && !metrics.containsKey("pairwise") && !metrics.containsKey("rank"));
    }

    @Test
    void anUnparsedVerdictScoresZero() throws IOException {
        installFixtures();
        Sample s = samples("Code", 0, List.of(), Map.of()).getFirst();
        Map<String, Double> metrics = benchmark.score(s, Verdict.unparsed("no verdict")).metrics();
        assertEquals(0.0, metrics.get("accuracy"));
        assertEquals(0.0, metrics.get("parsed"));
    }

    @Test
    void aTieIsCountedAndBrokenByPresentationOrder() throws IOException {
        installFixtures();
        Sample s = samples("Code", 0, List.of(), Map.of()).getFirst(); // order [1, 0]: B shows the chosen answer
        Map<String, Double> metrics = benchmark.score(s, Verdict.scored(List.of(0.7, 0.7))).metrics();
        assertEquals(100.0, metrics.get("tie"));
        assertEquals(0.0, metrics.get("accuracy"), "the stable sort puts A first, as upstream's sort(reverse=True)");
    }

    /** Writes one task file with the given lines and reads it. */
    InvalidInputException broken(String... lines) throws IOException {
        Path file = benchmark.dataFiles("Math").getFirst().resolveIn(data);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return assertThrows(InvalidInputException.class, () -> samples("Math", 0, List.of(), Map.of()));
    }

    static final String GOOD = "{\"prompt_template\": [{\"role\": \"user\", \"content\": \"ctx\"}], \"source\": \"s\", "
            + "\"ctx_length_for_length\": \"4k\", \"tasktype\": \"PairWise\", \"subtype\": \"same\", "
            + "\"chosen\": \"a\", \"rejected\": \"b\"}";

    @Test
    void aLineMissingAFieldNamesTheFileTheLineAndTheField() throws IOException {
        InvalidInputException e = broken(GOOD, GOOD.replace("\"chosen\": \"a\", ", ""));
        assertTrue(e.getMessage().startsWith("Math.jsonl line 2: field 'chosen': missing"), e.getMessage());
        e = broken(GOOD.replace("\"source\": \"s\", ", ""));
        assertTrue(e.getMessage().startsWith("Math.jsonl line 1: field 'source'"), e.getMessage());
        e = broken(GOOD.replace("[{\"role\": \"user\", \"content\": \"ctx\"}]", "[{\"content\": \"ctx\"}]"));
        assertTrue(e.getMessage().startsWith("Math.jsonl line 1: field 'prompt_template'[0]"), e.getMessage());
        e = broken(GOOD.replace("\"PairWise\", \"subtype\": \"same\", \"chosen\": \"a\", \"rejected\": \"b\"",
                "\"BestOfN\", \"subtype\": \"3\", \"candidates\": [\"a\", 3]"));
        assertTrue(e.getMessage().startsWith("Math.jsonl line 1: field 'candidates'[1]: expected a string"), e.getMessage());
    }

    @Test
    void aPairwiseItemWithThreeCandidatesIsRefused() throws IOException {
        InvalidInputException e = broken(GOOD, GOOD, GOOD.replace("\"chosen\"", "\"candidates\": [\"a\", \"b\", \"c\"], \"chosen\""));
        assertTrue(e.getMessage().startsWith("Math.jsonl line 3: field 'candidates'"), e.getMessage());
        assertTrue(e.getMessage().contains("3 candidates"), e.getMessage());
    }

    @Test
    void aLineThatIsNotJsonOrEmptyIsNamed() throws IOException {
        assertTrue(broken(GOOD, "{\"prompt_template\": [").getMessage().startsWith("Math.jsonl line 2: not valid JSON"));
        assertTrue(broken(GOOD, "", GOOD).getMessage().startsWith("Math.jsonl line 2: an empty line"));
        assertTrue(broken("[1, 2]").getMessage().contains("line 1: expected a JSON object"));
    }

    @Test
    void anUnknownTaskOrParameterIsRefused() {
        assertThrows(InvalidInputException.class, () -> samples("longqa", 0, List.of(), Map.of()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> samples("LongQA", 0, List.of(), Map.of("formats", "pairs")));
        assertTrue(e.getMessage().contains("formats"), e.getMessage());
    }
}
