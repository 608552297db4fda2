package org.longscope.bench.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Needle in a haystack after gkamradt's LLMTest_NeedleInAHaystack: one needle sentence at each
 * depth of a grid, in essay haystacks of each length of a grid, inserted at the sentence boundary
 * at depth x haystack tokens. Scored by the share of the answer's words found in the response;
 * {@link #writeArtifacts} draws the depth x length heatmap.
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=niah"})
public final class NiahBenchmark implements BenchmarkAdapter {
    public static final String ID = "niah";
    public static final String TASK = "niah";
    public static final String METRIC = "score";
    public static final String HEATMAP = "niah-heatmap";

    static final String SYSTEM = "You are a helpful AI bot that answers questions for a user. Keep your response short and direct";
    static final String NEEDLE = "The best thing to do in San Francisco is eat a sandwich and sit in Dolores Park on a sunny day.";
    static final String QUESTION = "What is the best thing to do in San Francisco?";
    static final String ANSWER = "eat a sandwich and sit in Dolores Park on a sunny day";
    static final String INSTRUCTION = " Don't give information outside the document or repeat your findings";
    static final int MAX_NEW_TOKENS = 64;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("needle", NEEDLE);
        m.put("retrieval_question", QUESTION);
        m.put("answer", ANSWER);
        m.put("document_depth_percent_min", 0);
        m.put("document_depth_percent_max", 100);
        m.put("document_depth_percent_intervals", 10);
        m.put("document_depth_percent_interval_type", "linear");
        m.put("context_lengths_min", 1000);
        m.put("context_lengths_max", 16000);
        m.put("context_lengths_num_intervals", 10);
        m.put("max_new_tokens", MAX_NEW_TOKENS);
        return m;
    }

    @Override
    public BenchmarkInfo info() {
        TaskInfo task = new TaskInfo(TASK, "retrieval", List.of(METRIC), true, DEFAULTS,
                "one needle at each depth x length of a grid in essay text; the spec's lengths replace the context_lengths_* grid");
        return new BenchmarkInfo(ID, "Needle in a haystack (gkamradt/LLMTest_NeedleInAHaystack) with a depth x length heatmap.",
                List.of(task), List.of());
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        if (!TASK.equals(selection.task())) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + selection.task() + "'; expected " + TASK);
        }
        Params p = new Params(ID, TASK, selection.params());
        p.requireKnown(DEFAULTS.keySet());
        String needle = p.string("needle", NEEDLE).strip();
        String question = p.string("retrieval_question", QUESTION).strip();
        String answer = p.string("answer", ANSWER).strip();
        int maxNew = p.integer("max_new_tokens", MAX_NEW_TOKENS, 1, 65536);
        if (needle.isEmpty() || question.isEmpty() || answer.isEmpty()) {
            throw new InvalidInputException(ID + "." + TASK + ".params", "needle, retrieval_question and answer must not be empty");
        }
        List<Double> depths = depthGrid(p);
        List<Integer> lengths = selection.lengths().isEmpty() ? lengthGrid(p) : GeneratedSamples.lengths(ID, selection);
        int perCell = GeneratedSamples.count(selection, 1);
        TokenCounter counter = new TokenCounter(context.tokenizer());
        LengthFitter fitter = new LengthFitter(counter);
        String tail = "\n\n" + question + INSTRUCTION;
        List<Sample> out = new ArrayList<>();
        for (int length : lengths) {
            String key = ID + "." + TASK + " at length " + length;
            int budget = GeneratedSamples.contentBudget(context, counter, length, maxNew, "", SYSTEM, key);
            for (double depth : depths) {
                for (int s = 0; s < perCell; s++) {
                    // samples of one cell differ by where the essay starts
                    int offset = s == 0 ? 0 : Seeds.forSample(context.seed(), TASK, length, s).nextInt(Resources.essaySentences().size());
                    LengthFitter.Fit fit = fitter.fit(n -> build(counter, n, offset, depth, needle, tail), 1,
                            Integer.MAX_VALUE, budget, key);
                    String label = PasskeyBenchmark.formatDepth(depth);
                    out.add(GeneratedSamples.sample(length + "-d" + label + (perCell > 1 ? "-s" + s : ""), TASK, length,
                            SYSTEM, fit.text(), "", maxNew, List.of(answer), fit.tokens(),
                            Map.of("depth", depth, "needle", needle, "question", question,
                                    "needle_token_depth", fit.draft().extra().get("needle_token_depth"),
                                    "haystack_sentences", fit.draft().amount(), "content_tokens_exact", fit.exact())));
                }
            }
        }
        return out;
    }

    /**
     * {@code n} essay sentences from {@code offset} with the needle at the sentence boundary where
     * {@code depth}% of the haystack's tokens lie before it, then the question.
     */
    static Draft build(TokenCounter counter, int n, int offset, double depth, String needle, String tail) {
        List<String> essay = Resources.essaySentences();
        List<String> sentences = new ArrayList<>(n);
        long[] before = new long[n + 1];
        for (int i = 0; i < n; i++) {
            String piece = (i == 0 ? "" : " ") + essay.get((offset + i) % essay.size());
            sentences.add(piece);
            before[i + 1] = before[i] + counter.piece(piece);
        }
        double target = before[n] * depth / 100;
        int at = 0;
        while (at < n && before[at + 1] <= target) {
            at++;
        }
        Pieces p = new Pieces(n + 3);
        for (int i = 0; i < n; i++) {
            if (i == at) {
                p.add(i == 0 ? needle : " " + needle);
            }
            p.add(i == 0 && at == 0 ? " " + sentences.get(i) : sentences.get(i));
        }
        if (at == n) {
            p.add(n == 0 ? needle : " " + needle);
        }
        p.add(tail);
        double tokenDepth = before[n] == 0 ? 0 : 100.0 * before[at] / before[n];
        return new Draft(p.list(), n, List.of(), Map.of("needle_token_depth", Math.round(tokenDepth * 10) / 10.0));
    }

    /** gkamradt: np.round(np.linspace(min, max, intervals)) or its logistic spacing. */
    static List<Double> depthGrid(Params p) {
        double min = p.number("document_depth_percent_min", 0, 0, 100);
        double max = p.number("document_depth_percent_max", 100, 0, 100);
        int intervals = p.integer("document_depth_percent_intervals", 10, 1, 1000);
        String type = p.string("document_depth_percent_interval_type", "linear");
        if (min > max) {
            throw new InvalidInputException(ID + "." + TASK + ".params.document_depth_percent_min",
                    "expected at most document_depth_percent_max (" + max + "), got " + min);
        }
        List<Double> out = new ArrayList<>();
        for (double x : linspace(min, max, intervals)) {
            double d = switch (type) {
                case "linear" -> Math.rint(x);
                case "sigmoid" -> logistic(x);
                default -> throw new InvalidInputException(ID + "." + TASK + ".params.document_depth_percent_interval_type",
                        "expected 'linear' or 'sigmoid', got '" + type + "'");
            };
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    static List<Integer> lengthGrid(Params p) {
        int min = p.integer("context_lengths_min", 1000, 64, Integer.MAX_VALUE);
        int max = p.integer("context_lengths_max", 16000, 64, Integer.MAX_VALUE);
        int intervals = p.integer("context_lengths_num_intervals", 10, 1, 1000);
        if (min > max) {
            throw new InvalidInputException(ID + "." + TASK + ".params.context_lengths_min",
                    "expected at most context_lengths_max (" + max + "), got " + min);
        }
        List<Integer> out = new ArrayList<>();
        for (double x : linspace(min, max, intervals)) {
            int l = (int) Math.rint(x);
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    static double[] linspace(double min, double max, int num) {
        double[] out = new double[num];
        for (int i = 0; i < num; i++) {
            out[i] = num == 1 ? min : min + (max - min) * i / (num - 1);
        }
        return out;
    }

    /** gkamradt's logistic(x, L=100, x0=50, k=.1): ends kept, the rest squeezed towards them. */
    static double logistic(double x) {
        if (x == 0 || x == 100) {
            return x;
        }
        return Math.rint(100 / (1 + Math.exp(-0.1 * (x - 50))) * 1000) / 1000;
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        return GeneratedSamples.render(sample);
    }

    /** Share of the answer's words (letters and digits, case-insensitive) that appear in the response, x 100. */
    @Override
    public SampleScore score(Sample sample, String response) {
        List<String> expected = words(GeneratedSamples.outputs(sample).getFirst());
        Set<String> said = new HashSet<>(words(response == null ? "" : response));
        List<String> missing = expected.stream().filter(w -> !said.contains(w)).toList();
        double value = expected.isEmpty() ? 0 : 100.0 * (expected.size() - missing.size()) / expected.size();
        return new SampleScore(Map.of(METRIC, value), missing.isEmpty() ? "all answer words found" : "missing " + missing);
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The depth x length heatmap: {@code niah-heatmap.svg} and {@code niah-heatmap.png}. */
    @Override
    public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
        Heatmap map = Heatmap.fromSamples("Needle in a haystack: score by depth and context length", scored, METRIC);
        if (map.depths().isEmpty()) {
            return;
        }
        map.writeSvg(runDirectory.resolve(HEATMAP + ".svg"));
        map.writePng(runDirectory.resolve(HEATMAP + ".png"));
    }
}
