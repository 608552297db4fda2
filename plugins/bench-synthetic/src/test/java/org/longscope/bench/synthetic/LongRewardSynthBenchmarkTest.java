package org.longscope.bench.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;

class LongRewardSynthBenchmarkTest {
    private final LongRewardSynthBenchmark bench = new LongRewardSynthBenchmark();

    private List<Sample> generate(String task, long seed, int presentations) throws Exception {
        return bench.samples(new BenchmarkSelection(task, List.of(1024, 4096), 3, Map.of("presentations", presentations)),
                new SampleContext(null, TestTokenizers.whitespace(), seed, 10));
    }

    @Test
    void samplesAreSeededFitTheirLengthAndHideTheFactAndTheDistractor() throws Exception {
        List<Sample> a = generate("best_of_4", 7, 1);
        assertEquals(a, generate("best_of_4", 7, 1), "byte-identical for a seed");
        assertEquals(6, a.size());
        for (Sample s : a) {
            String input = s.string("input");
            int tokens = TestTokenizers.whitespace().count(input);
            assertTrue(tokens <= s.targetLength() - 10 - LongRewardSynthBenchmark.RESPONSE_TOKENS, s.id() + ": " + tokens);
            assertTrue(tokens >= 0.9 * (s.targetLength() - 10 - LongRewardSynthBenchmark.RESPONSE_TOKENS), s.id() + ": " + tokens);
            @SuppressWarnings("unchecked")
            List<String> candidates = (List<String>) s.data().get("candidates");
            assertTrue(input.contains(candidates.get(0)), "the correct fact is in the document");
            String contradicted = candidates.get(3);
            String otherValue = contradicted.substring(contradicted.lastIndexOf(' ') + 1, contradicted.length() - 1);
            assertTrue(input.contains(" is " + otherValue + "."), "the distractor's value is in the document, for another key");
            String absent = candidates.get(2);
            assertTrue(!input.contains(absent.substring(absent.lastIndexOf(' ') + 1, absent.length() - 1)), "absent value");
        }
    }

    @Test
    void pairwiseTurnsThroughTheWrongKindsAndPresentsEachItemInBothOrders() throws Exception {
        List<Sample> pairs = generate("pairwise", 3, 2);
        assertEquals(12, pairs.size());
        assertEquals(List.of("refusal", "refusal", "absent", "absent", "contradicted", "contradicted"),
                pairs.subList(0, 6).stream().map(s -> s.string("subtype")).toList());
        assertEquals(pairs.get(0).data().get("order"), List.copyOf(reversed(pairs.get(1).data().get("order"))));
        JudgeRequest request = bench.judgement(pairs.get(0));
        assertEquals(JudgeRequest.Mode.PAIRWISE, request.mode());
        assertEquals(pairs.get(0).string("input"), request.prompt().get(0).content());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> reversed(Object order) {
        List<Object> copy = new java.util.ArrayList<>((List<Object>) order);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void scoresAsLongRmWithPartialCreditAndZeroWhenUnparsed() {
        Sample s = new Sample("x", "best_of_4", 0, Map.of("order", List.of(2, 0, 1), "candidates", List.of("a", "b", "c")));
        // upstream golden case: gold [2,0,1], verdict [[B>A>C]] -> ranks [1,0,2]: only B right
        assertEquals(100.0 / 3, bench.score(s, Verdict.ranked(List.of(1, 0, 2), "[[B>A>C]]")).metrics().get("accuracy"), 1e-9);
        assertEquals(100.0, bench.score(s, Verdict.ranked(List.of(1, 2, 0), "[[B>C>A]]")).metrics().get("accuracy"));
        assertEquals(100.0, bench.score(s, Verdict.ranked(List.of(1, 2, 0), "")).metrics().get("top1"));
        assertEquals(0.0, bench.score(s, Verdict.unparsed("?")).metrics().get("accuracy"));
        assertEquals(0.0, bench.score(s, Verdict.unparsed("?")).metrics().get("parsed"));
    }

    @Test
    void orderConsistencyCountsItemsWhosePresentationsAgree() {
        List<ScoredSample> scored = List.of(
                new ScoredSample("1-0-o0", "pairwise", 1, 1, Map.of("accuracy", 100.0), Map.of("item", "1-0")),
                new ScoredSample("1-0-o1", "pairwise", 1, 1, Map.of("accuracy", 100.0), Map.of("item", "1-0")),
                new ScoredSample("1-1-o0", "pairwise", 1, 1, Map.of("accuracy", 100.0), Map.of("item", "1-1")),
                new ScoredSample("1-1-o1", "pairwise", 1, 1, Map.of("accuracy", 0.0), Map.of("item", "1-1")));
        assertEquals(50.0, bench.aggregate(scored).overall().get("order_consistency"));
    }
}
