package org.longscope.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.model.ChatMessage;
import org.longscope.core.json.Json;

/** A test reward benchmark: pairs of answers where the longer one is the chosen one (index in {@code chosen}). */
public final class PairsBenchmark implements BenchmarkAdapter {
    @Override
    public BenchmarkInfo info() {
        return new BenchmarkInfo("pairs", "pairwise test", List.of(
                new TaskInfo("pairwise", "reward", List.of("accuracy"), false, Map.of(), "pick the better answer")), List.of());
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) {
        return List.of(
                new Sample("p0", "pairwise", 0, Map.of("a", "short", "b", "a much longer answer", "chosen", 1L)),
                new Sample("p1", "pairwise", 0, Map.of("a", "the longer of the two", "b", "tiny", "chosen", 0L)),
                new Sample("p2", "pairwise", 0, Map.of("a", "x", "b", "yy", "chosen", 0L)));
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        List<ChatMessage> prompt = List.of(ChatMessage.user("Which answer is better?"));
        return new RenderedPrompt(prompt, 0, "", 1, List.of(),
                new JudgeRequest(JudgeRequest.Mode.PAIRWISE, prompt, List.of(sample.string("a"), sample.string("b"))));
    }

    @Override
    public SampleScore score(Sample sample, String response) {
        try {
            JsonNode verdict = Json.MAPPER.readTree(response);
            boolean right = verdict.get("parsed").asBoolean()
                    && verdict.get("ranking").get(0).asLong() == ((Number) sample.data().get("chosen")).longValue();
            return SampleScore.of("accuracy", right ? 100 : 0);
        } catch (IOException e) {
            throw new IllegalArgumentException("verdict is not JSON: " + response, e);
        }
    }
}
