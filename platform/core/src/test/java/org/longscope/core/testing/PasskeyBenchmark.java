package org.longscope.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.TaskInfo;

/**
 * A small deterministic test benchmark. Task {@code passkey}: filler words sized to the target
 * length with "The pass key is NNNNN." in the middle; scored {@code exact_match} 100 when the
 * response contains the key. Params: {@code flaky} (sample index whose prompt the {@link EchoModel}
 * fails as an unreachable server would, while its {@code down_file} exists), {@code fail} (sample index that renders a prompt the
 * {@link EchoModel} refuses), {@code think} (ask the model to think first), {@code steps} (ask a
 * second time, showing only the first response).
 */
public class PasskeyBenchmark implements BenchmarkAdapter {

    @Override
    public BenchmarkInfo info() {
        return new BenchmarkInfo("keys", "pass key test benchmark", List.of(
                new TaskInfo("passkey", "retrieval", List.of("exact_match"), true, Map.of("fail", -1), "find the key"),
                new TaskInfo("count", "aggregation", List.of("exact_match"), true, Map.of(), "unused second task")),
                List.of());
    }

    /** The data file the passkey task declares (generated data needs none; this exercises the data path). */
    public static final DataFile FILLER = new DataFile("longscope/filler", "main", "filler.txt",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 12);

    @Override
    public List<DataFile> dataFiles(String task) {
        return task.equals("passkey") ? List.of(FILLER) : List.of();
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) {
        if (selection.lengths().isEmpty()) {
            throw new InvalidInputException("lengths", "expected at least one length");
        }
        int perLength = selection.samples() == 0 ? 2 : selection.samples();
        long fail = ((Number) selection.params().getOrDefault("fail", -1L)).longValue();
        long flaky = ((Number) selection.params().getOrDefault("flaky", -1L)).longValue();
        boolean think = Boolean.TRUE.equals(selection.params().get("think"));
        boolean steps = Boolean.TRUE.equals(selection.params().get("steps"));
        List<Sample> samples = new ArrayList<>();
        for (int length : selection.lengths()) {
            for (int i = 0; i < perLength; i++) {
                String key = String.format("%05d", Math.floorMod(context.seed() * 7919 + length * 31L + i * 104729L, 100000));
                // "w " is two tokens of the WordTokenizer: fill the target minus the overhead and the needle
                int fillerWords = Math.max(0, (length - context.promptOverhead() - 30) / 2);
                String half = "w ".repeat(fillerWords / 2);
                String text = half + "The pass key is " + key + ". " + half
                        + (i == fail ? "FAIL " : "") + (i == flaky ? "FLAKY " : "") + (think ? "THINK " : "");
                samples.add(new Sample(length + "-s" + i, selection.task(), length,
                        Map.of("key", key, "context", text, "steps", steps)));
            }
        }
        return samples;
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        return RenderedPrompt.user(sample.string("context") + "What is the pass key?", "The pass key is", 8);
    }

    /** With {@code steps}: a second prompt that holds only the first response, so the key is found only if that response is passed on. */
    @Override
    public Optional<RenderedPrompt> followUp(Sample sample, List<String> responses) {
        if (!Boolean.TRUE.equals(sample.data().get("steps")) || responses.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(RenderedPrompt.user("You said the pass key is " + responses.getFirst().strip() + " Say it again.",
                "The pass key is", 8));
    }

    @Override
    public SampleScore score(Sample sample, String response) {
        return new SampleScore(Map.of("exact_match", response.contains(sample.string("key")) ? 100.0 : 0.0),
                "expected " + sample.string("key"));
    }
}
