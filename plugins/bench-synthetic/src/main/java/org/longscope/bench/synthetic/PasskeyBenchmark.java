package org.longscope.bench.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.bench.TaskInfo;
import org.longscope.bench.synthetic.heatmap.Heatmap;
import org.osgi.service.component.annotations.Component;

/**
 * Pass key retrieval (Mohtashami and Jaggi's landmark-attention test, as in LongLoRA): a random
 * 5-digit key hidden at a chosen depth of repeated filler text, sized to each target length with
 * the model's tokenizer. Scored by exact match of the first number in the answer.
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=passkey"})
public final class PasskeyBenchmark implements BenchmarkAdapter {
    public static final String ID = "passkey";
    public static final String TASK = "passkey";
    public static final String METRIC = "accuracy";

    static final String TASK_DESCRIPTION = "There is an important info hidden inside a lot of irrelevant text. "
            + "Find it and memorize them. I will quiz you about the important information there.";
    static final List<String> FILLER = List.of(
            "The grass is green.", "The sky is blue.", "The sun is yellow.", "Here we go.", "There and back again.");
    static final String QUESTION = "What is the pass key?";
    static final String ANSWER_PREFIX = "The pass key is";
    static final int MAX_NEW_TOKENS = 16;
    static final List<Double> DEFAULT_DEPTHS = List.of(0.0, 25.0, 50.0, 75.0, 100.0);
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    @Override
    public BenchmarkInfo info() {
        TaskInfo task = new TaskInfo(TASK, "retrieval", List.of(METRIC), true,
                Map.of("depths", DEFAULT_DEPTHS),
                "find a 5-digit pass key hidden at each depth (percent) of repeated filler text");
        return new BenchmarkInfo(ID, "Pass key retrieval in repeated filler text (landmark attention / LongLoRA).",
                List.of(task), List.of());
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        if (!TASK.equals(selection.task())) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + selection.task() + "'; expected " + TASK);
        }
        Params params = new Params(ID, TASK, selection.params());
        params.requireKnown(java.util.Set.of("depths"));
        List<Double> depths = params.numbers("depths", DEFAULT_DEPTHS, 0, 100);
        int perDepth = GeneratedSamples.count(selection, 1);
        TokenCounter counter = new TokenCounter(context.tokenizer());
        LengthFitter fitter = new LengthFitter(counter);
        List<Sample> out = new ArrayList<>();
        for (int length : GeneratedSamples.lengths(ID, selection)) {
            String where = ID + "." + TASK + " at length " + length;
            int budget = GeneratedSamples.contentBudget(context, counter, length, MAX_NEW_TOKENS, ANSWER_PREFIX, null, where);
            for (double depth : depths) {
                for (int s = 0; s < perDepth; s++) {
                    String depthLabel = formatDepth(depth);
                    Random random = Seeds.forSample(context.seed(), TASK + "@" + depthLabel, length, s);
                    String key = Integer.toString(10000 + random.nextInt(90000));
                    LengthFitter.Fit fit = fitter.fit(n -> build(n, depth, key), 1, Integer.MAX_VALUE, budget, where);
                    out.add(GeneratedSamples.sample(length + "-d" + depthLabel + "-s" + s, TASK, length, null, fit.text(),
                            ANSWER_PREFIX, MAX_NEW_TOKENS, List.of(key), fit.tokens(),
                            Map.of("depth", depth, "filler_sentences", fit.draft().amount(), "content_tokens_exact", fit.exact())));
                }
            }
        }
        return out;
    }

    /** The prompt with {@code n} filler sentences, the key line after {@code depth}% of them. */
    static Draft build(int n, double depth, String key) {
        int before = (int) Math.round(n * depth / 100.0);
        List<String> pieces = new ArrayList<>(n + 8);
        pieces.add(TASK_DESCRIPTION + "\n");
        appendFiller(pieces, 0, before);
        // the key on its own line, like the upstream generator; line breaks end the previous
        // piece so that pieces stay at pre-tokenizer boundaries
        endLine(pieces);
        pieces.add("The pass key is " + key + ". Remember it. " + key + " is the pass key.\n");
        appendFiller(pieces, before, n);
        endLine(pieces);
        pieces.add(QUESTION);
        return new Draft(pieces, n, List.of(key), Map.of());
    }

    private static void appendFiller(List<String> pieces, int from, int to) {
        for (int i = from; i < to; i++) {
            String sentence = FILLER.get(i % FILLER.size());
            pieces.add(i == from ? sentence : " " + sentence);
        }
    }

    static void endLine(List<String> pieces) {
        String last = pieces.getLast();
        if (!last.endsWith("\n")) {
            pieces.set(pieces.size() - 1, last + "\n");
        }
    }

    static String formatDepth(double depth) {
        return depth == Math.rint(depth) ? Integer.toString((int) depth) : Double.toString(depth);
    }

    /** The depth x length picture of the results: {@code passkey-heatmap.svg} and {@code .png}. */
    @Override
    public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
        Heatmap map = Heatmap.fromSamples("Pass key retrieval: accuracy by depth and context length", scored, METRIC);
        if (map.depths().isEmpty()) {
            return;
        }
        map.writeSvg(runDirectory.resolve("passkey-heatmap.svg"));
        map.writePng(runDirectory.resolve("passkey-heatmap.png"));
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        return GeneratedSamples.render(sample);
    }

    @Override
    public SampleScore score(Sample sample, String response) {
        String key = GeneratedSamples.outputs(sample).getFirst();
        Matcher m = NUMBER.matcher(response == null ? "" : response);
        String found = m.find() ? m.group() : "";
        boolean correct = found.equals(key);
        return new SampleScore(Map.of(METRIC, correct ? 100.0 : 0.0),
                found.isEmpty() ? "no number in the answer" : "answered " + found + (correct ? "" : ", expected " + key));
    }
}
