package org.longscope.core.testing;

import java.util.List;
import java.util.Map;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RewardBenchmarkAdapter;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.ChatMessage;


/** A test reward benchmark: pairs of answers where the longer one is the chosen one (index in {@code chosen}). */
public final class PairsBenchmark implements RewardBenchmarkAdapter {
    @Override
    public BenchmarkInfo info() {
        return new BenchmarkInfo("pairs", "pairwise test", List.of(
                new TaskInfo("pairwise", "reward", List.of("accuracy"), false, Map.of(), "pick the better answer")), List.of());
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) {
        List<Sample> three = List.of(
                new Sample("p0", "pairwise", 0, Map.of("a", "short", "b", "a much longer answer", "chosen", 1L)),
                new Sample("p1", "pairwise", 0, Map.of("a", "the longer of the two", "b", "tiny", "chosen", 0L)),
                new Sample("p2", "pairwise", 0, Map.of("a", "x", "b", "yy", "chosen", 0L)));
        if (selection.samples() <= three.size()) {
            return three;
        }
        List<Sample> more = new java.util.ArrayList<>(); // the three pairs again, for runs long enough to cancel
        for (int i = 0; i < selection.samples(); i++) {
            more.add(new Sample("p" + i, "pairwise", 0, three.get(i % 3).data()));
        }
        return more;
    }

    @Override
    public JudgeRequest judgement(Sample sample) {
        return new JudgeRequest(JudgeRequest.Mode.PAIRWISE, List.of(ChatMessage.user("Which answer is better?")), 0,
                List.of(sample.string("a"), sample.string("b")));
    }

    @Override
    public SampleScore score(Sample sample, Verdict verdict) {
        boolean right = verdict.parsed()
                && verdict.ranking().get(0) == ((Number) sample.data().get("chosen")).intValue();
        return SampleScore.of("accuracy", right ? 100 : 0);
    }
}
