package org.longscope.bench.synthetic.ruler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.ScoredSample;
import org.longscope.bench.synthetic.GeneratedSamples;

/** RULER's metrics on hand-computed cases, including the corner cases of its evaluate.py. */
class RulerScoringTest {
    private final RulerBenchmark ruler = new RulerBenchmark();

    private static Sample sample(String task, String... outputs) {
        return GeneratedSamples.sample("4096-0", task, 4096, null, "input", " prefix", 128, List.of(outputs), 10, Map.of());
    }

    private double score(String task, String response, String... outputs) {
        return ruler.score(sample(task, outputs), response).metrics().values().iterator().next();
    }

    @Test
    void stringMatchAllIsTheShareOfReferencesFound() {
        assertEquals(100.0, score("niah_single_1", " 1234567.", "1234567"));
        assertEquals(0.0, score("niah_single_1", " 1234568", "1234567"));
        // multivalue: 3 of 4 values
        assertEquals(75.0, score("niah_multivalue", "4444444, 1111111 and 2222222", "1111111", "2222222", "3333333", "4444444"));
        // vt: variable names in any order
        assertEquals(100.0, score("vt", " EDCBA DCBAE CBAED BAEDC AEDCB", "AEDCB", "BAEDC", "CBAED", "DCBAE", "EDCBA"));
        assertEquals(ruler.score(sample("cwe", "a"), "a").metrics().keySet(), java.util.Set.of("string_match_all"));
    }

    @Test
    void matchingIgnoresCase() {
        assertEquals(100.0, score("niah_single_3", "3F2A9B1C-4D5E-4F00-8A1B-0123456789AB",
                "3f2a9b1c-4d5e-4f00-8a1b-0123456789ab"));
        assertEquals(100.0, score("qa_1", "THE NORMANS", "The Normans", "Normans"));
    }

    @Test
    void partialMatchesCountAsUpstreamDoes() {
        // string_match_part: any reference contained is enough
        assertEquals(100.0, score("qa_2", "It was Chief of Protocol of the United States", "Chief of Protocol"));
        assertEquals(100.0, score("qa_1", "France", "France", "the country of France"));
        assertEquals(0.0, score("qa_1", "Fran ce", "France"));
        // containment, not word match: a reference inside a longer number still counts (upstream behaviour)
        assertEquals(100.0, score("niah_single_1", "91234567", "1234567"));
        // a prediction that is only part of the reference does not
        assertEquals(0.0, score("niah_single_1", "123456", "1234567"));
        assertEquals(50.0, score("fwe", "abcdef xyz", "abcdef", "qwerty"), 1e-9);
        assertEquals(100.0 / 3, score("fwe", "abcdef xyz", "abcdef", "qwerty", "uiopas"), 1e-9);
    }

    @Test
    void controlCharactersBecomeLineBreaksAndEdgesAreStripped() {
        assertEquals("a\nb", RulerMetrics.postprocess("  a\tb\u0000 \r\n"));
        assertEquals("x", RulerMetrics.postprocess("\u0001x\u001f"));
        assertEquals("", RulerMetrics.postprocess(null));
        // a tab inside a reference's span breaks the match, as upstream
        assertEquals(0.0, score("qa_1", "Chief\tof Protocol", "Chief of Protocol"));
        assertEquals(100.0, score("qa_1", "\u0007Chief of Protocol\u0000", "Chief of Protocol"));
    }

    @Test
    void aggregateAddsTheAveragePerLengthAndTheEffectiveLength() {
        List<ScoredSample> scored = new ArrayList<>();
        // 4096: niah 100, 100 -> 100 ; vt 80 -> average (100 + 80) / 2 = 90 > 85.6
        scored.add(scored("niah_single_1", 4096, "string_match_all", 100));
        scored.add(scored("niah_single_1", 4096, "string_match_all", 100));
        scored.add(scored("vt", 4096, "string_match_all", 80));
        // 8192: niah 90, qa 82 -> 86 > 85.6
        scored.add(scored("niah_single_1", 8192, "string_match_all", 90));
        scored.add(scored("qa_1", 8192, "string_match_part", 82));
        // 16384: niah 100, qa 0 -> 50
        scored.add(scored("niah_single_1", 16384, "string_match_all", 100));
        scored.add(scored("qa_1", 16384, "string_match_part", 0));
        Aggregate a = ruler.aggregate(scored);
        assertEquals(90.0, a.overall().get("average@4096"), 1e-9);
        assertEquals(86.0, a.overall().get("average@8192"), 1e-9);
        assertEquals(50.0, a.overall().get("average@16384"), 1e-9);
        assertEquals(8192.0, a.overall().get("effective_length"));
        assertEquals(Map.of("string_match_all", 80.0), a.perTask().get("vt"));
        assertEquals(7, a.samples());
    }

    @Test
    void effectiveLengthIsZeroWhenNoLengthPasses() {
        Aggregate a = ruler.aggregate(List.of(scored("cwe", 4096, "string_match_all", 85.6)));
        assertEquals(0.0, a.overall().get("effective_length"));
    }

    @Test
    void onlyTheQaTasksNeedFiles() {
        assertEquals(List.of(RulerBenchmark.SQUAD), ruler.dataFiles("qa_1"));
        assertEquals(List.of(RulerBenchmark.HOTPOT), ruler.dataFiles("qa_2"));
        assertTrue(ruler.dataFiles("niah_single_1").isEmpty());
        assertEquals(13, ruler.info().tasks().size());
        assertEquals(128, ruler.info().task("niah_multiquery").orElseThrow().parameters().get("tokens_to_generate"));
    }

    private static ScoredSample scored(String task, int length, String metric, double value) {
        return new ScoredSample(task + length + value, task, length, length, Map.of(metric, value), Map.of());
    }
}
