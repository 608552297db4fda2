package org.longscope.bench.synthetic.ruler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.bench.TaskInfo;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.GeneratedSamples;
import org.longscope.bench.synthetic.LengthFitter;
import org.longscope.bench.synthetic.Params;
import org.longscope.bench.synthetic.Resources;
import org.longscope.bench.synthetic.Seeds;
import org.longscope.bench.synthetic.TokenCounter;
import org.osgi.service.component.annotations.Component;

/**
 * NVIDIA's RULER: the 13 tasks of its synthetic suite, generated to each target length with the
 * model's tokenizer, scored with string_match_all / string_match_part, summarised with the average
 * over tasks per length and the effective length.
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=ruler"})
public final class RulerBenchmark implements BenchmarkAdapter {
    public static final String ID = "ruler";
    /** RULER's threshold: Llama-2-7B's average at 4K. */
    public static final double EFFECTIVE_THRESHOLD = 85.6;
    public static final DataFile SQUAD = new DataFile("rajpurkar/squad_v2", "main", "dev-v2.0.json", null, -1);
    /** The upstream distractor dev file as republished on the hub; its sha256 is the upstream file's. */
    public static final DataFile HOTPOT = new DataFile("namlh2004/hotpotqa", "main", "hotpot_dev_distractor_v1.json",
            "e3da074df24e8369009918aa5cdbdd254dadcde4c63f7569d36afd6f2268caa8", -1);
    private static final int VT_EXAMPLE_LENGTH = 500;

    @Override
    public BenchmarkInfo info() {
        List<TaskInfo> tasks = new ArrayList<>();
        for (RulerTask t : RulerTask.values()) {
            tasks.add(new TaskInfo(t.id, t.kind.ability, List.of(t.kind.metric), true,
                    Map.of("tokens_to_generate", t.kind.tokensToGenerate), t.description()));
        }
        return new BenchmarkInfo(ID, "RULER (Hsieh et al., 2024): retrieval, multi-hop tracing, aggregation and QA "
                + "tasks generated to each target length; effective length = longest length whose task average > 85.6.",
                tasks, List.of(SQUAD, HOTPOT));
    }

    /** Only the QA tasks read files: qa_1 SQuAD, qa_2 HotpotQA; the rest are generated. */
    @Override
    public List<DataFile> dataFiles(String task) {
        return switch (task) {
            case "qa_1" -> List.of(SQUAD);
            case "qa_2" -> List.of(HOTPOT);
            default -> List.of();
        };
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        RulerTask task = RulerTask.byId(selection.task()).orElseThrow(() -> new InvalidInputException(ID + ".tasks",
                "unknown task '" + selection.task() + "'; expected one of " + RulerTask.ids()));
        new Params(ID, task.id, selection.params()).requireKnown(java.util.Set.of());
        int count = GeneratedSamples.count(selection, 10);
        TokenCounter counter = new TokenCounter(context.tokenizer());
        LengthFitter fitter = new LengthFitter(counter);
        QaDataset qa = task.kind == RulerTask.Kind.QA ? loadQa(task, context.dataDirectory()) : null;
        int[] questionOrder = qa == null ? null
                : RandomDraws.sample(Seeds.forPurpose(context.seed(), task.id + "/questions"), qa.questions().size(),
                        qa.questions().size());
        String vtExample = task == RulerTask.VT ? vtExample(context, counter, fitter) : "";
        List<String> cweWords = task == RulerTask.CWE ? cweWords(context.seed()) : List.of();
        List<Sample> out = new ArrayList<>();
        for (int length : GeneratedSamples.lengths(ID, selection)) {
            String where = ID + "." + task.id + " at length " + length;
            for (int i = 0; i < count; i++) {
                Random random = Seeds.forSample(context.seed(), task.id, length, i);
                PromptGenerator generator = switch (task.kind) {
                    case NIAH -> new NiahGenerator(task.niah, random);
                    case VARIABLE_TRACKING -> new VariableTrackingGenerator(random, vtExample, false);
                    case COMMON_WORDS -> new CommonWordsGenerator(cweWords, length,
                            Seeds.forPurpose(context.seed(), task.id + "/example/" + length), random);
                    case FREQUENT_WORDS -> new FrequentWordsGenerator(length, random);
                    case QA -> new QaGenerator(qa, questionOrder[i % questionOrder.length], random);
                };
                int budget = GeneratedSamples.contentBudget(context, counter, length, task.kind.tokensToGenerate,
                        generator.answerPrefix(), null, where);
                LengthFitter.Fit fit = fitter.fit(generator::build, generator.minAmount(), generator.maxAmount(), budget, where);
                if (generator instanceof QaGenerator qaGenerator && budget - fit.tokens() > budget / 100) {
                    fit = topUp(qaGenerator, fit, budget, counter);
                }
                out.add(GeneratedSamples.sample(length + "-" + i, task.id, length, null, fit.text(), generator.answerPrefix(),
                        task.kind.tokensToGenerate, fit.draft().answers(), fit.tokens(),
                        Map.of("haystack_amount", fit.draft().amount(), "content_tokens_exact", fit.exact())));
            }
        }
        return out;
    }

    /** More whole distractor documents where the size search left more than 1% of the budget. */
    private static LengthFitter.Fit topUp(QaGenerator generator, LengthFitter.Fit fit, int budget, TokenCounter counter) {
        // a margin of 1% covers estimate errors at the joints; the exact count decides
        Draft more = generator.topUp(fit.draft(), budget - fit.tokens() - Math.max(4, budget / 100), counter);
        if (more == fit.draft()) {
            return fit;
        }
        String text = more.text();
        int exact = counter.exact(text);
        return exact <= budget && exact > fit.tokens() ? new LengthFitter.Fit(more, text, exact, true) : fit;
    }

    /** variable_tracking.py's worked example: the same task fitted to 500 tokens, with its answer. */
    private static String vtExample(SampleContext context, TokenCounter counter, LengthFitter fitter) {
        VariableTrackingGenerator g = new VariableTrackingGenerator(Seeds.forPurpose(context.seed(), "vt/example"), "", true);
        String answer = " " + String.join(" ", g.answers()) + "\n\n";
        int budget = VT_EXAMPLE_LENGTH - RulerTask.Kind.VARIABLE_TRACKING.tokensToGenerate
                - counter.piece(g.answerPrefix()) - counter.piece(answer);
        Draft d = fitter.fit(g::build, g.minAmount(), g.maxAmount(), budget, ID + ".vt example").draft();
        return VariableTrackingGenerator.example(d, g.answerPrefix());
    }

    /** common_words_extraction.py: sorted(set(nouns + adjs + verbs)), shuffled with the seed. */
    private static List<String> cweWords(long seed) {
        List<String> words = Resources.sortedUnion(List.of(Resources.nouns(), Resources.adjectives(), Resources.verbs()));
        return List.copyOf(RandomDraws.shuffled(words, Seeds.forPurpose(seed, "cwe/words")));
    }

    static QaDataset loadQa(RulerTask task, Path directory) throws IOException {
        DataFile file = task == RulerTask.QA_1 ? SQUAD : HOTPOT;
        String upstreamName = task == RulerTask.QA_1 ? "squad.json" : "hotpotqa.json";
        if (directory == null) {
            throw new InvalidInputException(ID + "." + task.id, "needs the data file " + file.repository() + "/"
                    + file.path() + " but the run has no data directory; fetch it with `longscope data pull ruler`");
        }
        // the dataset manager's layout first, then a plain copy of the file or of RULER's own download
        List<Path> candidates = List.of(file.resolveIn(directory), directory.resolve(file.path()),
                directory.resolve(upstreamName));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return task == RulerTask.QA_1 ? QaDataset.readSquad(p) : QaDataset.readHotpot(p);
            }
        }
        throw new InvalidInputException(ID + "." + task.id, "data file " + file.repository() + "/" + file.path()
                + " not found (looked for " + candidates + "); fetch it with `longscope data pull ruler`");
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        return GeneratedSamples.render(sample);
    }

    @Override
    public SampleScore score(Sample sample, String response) {
        RulerTask task = RulerTask.byId(sample.task()).orElseThrow(() -> new InvalidInputException(
                "sample " + sample.id(), "unknown RULER task '" + sample.task() + "'"));
        List<String> refs = GeneratedSamples.outputs(sample);
        String prediction = RulerMetrics.postprocess(response);
        double value = task.kind.metric.equals(RulerMetrics.MATCH_PART)
                ? RulerMetrics.matchPart(prediction, refs)
                : RulerMetrics.matchAll(prediction, refs);
        return new SampleScore(Map.of(task.kind.metric, value), "references " + refs);
    }

    /**
     * Means per task and bucket, plus RULER's summary: {@code average@<length>} (mean over tasks of
     * each task's score at that target length) and {@code effective_length} (the longest length
     * whose average exceeds 85.6, 0 if none).
     */
    @Override
    public Aggregate aggregate(List<ScoredSample> scored) {
        Map<Integer, Map<String, double[]>> byLength = new TreeMap<>();
        for (ScoredSample s : scored) {
            double v = s.metrics().values().stream().mapToDouble(Double::doubleValue).findFirst().orElse(0);
            double[] acc = byLength.computeIfAbsent(s.targetLength(), k -> new TreeMap<>())
                    .computeIfAbsent(s.task(), k -> new double[2]);
            acc[0] += v;
            acc[1]++;
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        double effective = 0;
        for (Map.Entry<Integer, Map<String, double[]>> e : byLength.entrySet()) {
            double average = e.getValue().values().stream().mapToDouble(a -> a[0] / a[1]).average().orElse(0);
            extra.put("average@" + e.getKey(), average);
            if (average > EFFECTIVE_THRESHOLD) {
                effective = e.getKey();
            }
        }
        extra.put("effective_length", effective);
        return Aggregate.means(scored).withOverall(extra);
    }
}
