package org.longscope.bench.longbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.longscope.api.model.ChatMessage;
import org.osgi.service.component.annotations.Component;

/**
 * LongBench v2 (THUDM, arXiv 2412.15204): 503 four-way multiple-choice questions over contexts of
 * 8K to 2M words, as upstream's {@code pred.py} asks them (the zero-shot prompt, 128 new tokens, the
 * answer read by {@code extract_answer}) and {@code result.py} counts them: accuracy overall, by
 * difficulty (easy, hard) and by length (short, medium, long).
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=longbench-v2"})
public final class LongBenchV2Benchmark implements BenchmarkAdapter {
    static final String ID = "longbench-v2";
    static final String TASK = "multiple_choice";
    /** The hub dataset's one file, a JSON array of the 503 items; its sha256 is not pinned yet. */
    static final DataFile DATA = new DataFile("THUDM/LongBench-v2", "main", "data.json", null, -1);
    static final String RESULT_FILE = "longbench-v2-result.txt";
    static final int MAX_NEW_TOKENS = 128;
    /** pred.py's budget for the reasoning of {@code --cot}. */
    static final int COT_NEW_TOKENS = 1024;
    private static final Pattern WITH_PARENTHESES = Pattern.compile("The correct answer is \\(([A-D])\\)");
    private static final Pattern BARE = Pattern.compile("The correct answer is ([A-D])");

    @Override
    public BenchmarkInfo info() {
        return new BenchmarkInfo(ID, "LongBench v2 (THUDM): 503 multiple-choice questions over 8K-2M word contexts, "
                + "accuracy by difficulty and length", List.of(new TaskInfo(TASK, "qa", List.of("accuracy", "parsed"), false,
                Map.of("mode", Mode.ZERO_SHOT.id), "four choices; mode zero_shot (128 new tokens), cot (1,024 tokens of "
                + "reasoning, then the answer in 128) or no_context")), List.of(DATA));
    }

    /** pred.py's prompt variants: {@code template_0shot}, {@code --cot} (reasoning, then the answer) and {@code --no_context}. */
    enum Mode {
        ZERO_SHOT("zero_shot"), COT("cot"), NO_CONTEXT("no_context");

        final String id;

        Mode(String id) {
            this.id = id;
        }

        static Mode of(Object value) {
            for (Mode mode : values()) {
                if (mode.id.equals(value)) {
                    return mode;
                }
            }
            throw new InvalidInputException(ID + ".params.mode", "expected one of "
                    + Arrays.stream(values()).map(m -> m.id).toList() + ", got " + value);
        }
    }

    /** The items, or a subset of {@code samples} items stratified by difficulty and length and drawn by the seed. */
    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        if (!TASK.equals(selection.task())) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + selection.task() + "'; expected [" + TASK + "]");
        }
        if (!selection.lengths().isEmpty()) {
            throw new InvalidInputException(ID + ".lengths", "LongBench v2 items have their own lengths; leave lengths empty");
        }
        for (String name : selection.params().keySet()) {
            if (!name.equals("mode")) {
                throw new InvalidInputException(ID + ".params." + name, "unknown parameter; expected [mode]");
            }
        }
        Mode mode = Mode.of(selection.params().getOrDefault("mode", Mode.ZERO_SHOT.id));
        Path file = DATA.resolveIn(context.dataDirectory());
        List<String> strata = LongBenchV2Data.strata(file);
        Set<Integer> chosen = new HashSet<>(StratifiedSubset.pick(strata, s -> s, selection.samples(), context.seed()));
        List<Sample> samples = new ArrayList<>();
        for (Map<String, Object> data : LongBenchV2Data.read(file, chosen)) {
            data.put("mode", mode.id);
            samples.add(new Sample((String) data.get("_id"), TASK, 0, data));
        }
        return samples;
    }

    /** {@code pred.py}: the mode's template, each placeholder replaced in turn by the stripped field. */
    @Override
    public RenderedPrompt render(Sample sample) {
        Mode mode = Mode.of(sample.data().getOrDefault("mode", Mode.ZERO_SHOT.id));
        String template = switch (mode) {
            case ZERO_SHOT -> UpstreamConfig.V2_ZERO_SHOT;
            case COT -> UpstreamConfig.V2_COT;
            case NO_CONTEXT -> UpstreamConfig.V2_NO_CONTEXT;
        };
        return prompt(fill(template, sample), mode == Mode.COT ? COT_NEW_TOKENS : MAX_NEW_TOKENS);
    }

    /** {@code --cot}: the answer prompt, with the stripped reasoning in place of {@code $COT$}. */
    @Override
    public Optional<RenderedPrompt> followUp(Sample sample, List<String> responses) {
        if (Mode.of(sample.data().getOrDefault("mode", Mode.ZERO_SHOT.id)) != Mode.COT || responses.size() != 1) {
            return Optional.empty();
        }
        String answerPrompt = fill(UpstreamConfig.V2_COT_ANSWER, sample).replace("$COT$", PythonText.strip(responses.getFirst()));
        return Optional.of(prompt(answerPrompt, MAX_NEW_TOKENS));
    }

    private static String fill(String template, Sample sample) {
        return template
                .replace("$DOC$", PythonText.strip(sample.string("context")))
                .replace("$Q$", PythonText.strip(sample.string("question")))
                .replace("$C_A$", PythonText.strip(sample.string("choice_A")))
                .replace("$C_B$", PythonText.strip(sample.string("choice_B")))
                .replace("$C_C$", PythonText.strip(sample.string("choice_C")))
                .replace("$C_D$", PythonText.strip(sample.string("choice_D")));
    }

    private static RenderedPrompt prompt(String text, int maxNewTokens) {
        return new RenderedPrompt(List.of(ChatMessage.user(text)), 0, "", maxNewTokens, List.of());
    }

    /** {@code pred.py}'s {@code extract_answer} on the stripped output; {@code null} when it finds no letter. */
    static String extractAnswer(String output) {
        String response = PythonText.strip(output).replace("*", "");
        Matcher m = WITH_PARENTHESES.matcher(response);
        if (m.find()) {
            return m.group(1);
        }
        m = BARE.matcher(response);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public SampleScore score(Sample sample, String response) {
        String predicted = extractAnswer(response);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", sample.string("answer").equals(predicted) ? 100.0 : 0.0);
        metrics.put("parsed", predicted == null ? 0.0 : 100.0);
        return new SampleScore(metrics, predicted == null ? "no answer letter found" : "answered " + predicted);
    }

    /** {@code result.py}'s columns: overall, easy, hard, short, medium, long; by domain in the buckets. */
    @Override
    public Aggregate aggregate(List<ScoredSample> scored) {
        Aggregate means = Aggregate.means(scored);
        Map<String, Double> overall = new LinkedHashMap<>(means.overall());
        for (Map.Entry<String, List<ScoredSample>> group : groups(scored).entrySet()) {
            if (!group.getValue().isEmpty()) {
                overall.put(group.getKey(), Aggregate.meanOf(group.getValue()).get("accuracy"));
            }
        }
        Map<String, Map<String, Double>> byDomain = new LinkedHashMap<>();
        for (ScoredSample s : scored) {
            byDomain.computeIfAbsent(String.valueOf(s.data().get("domain")), d -> Aggregate.meanOf(
                    scored.stream().filter(x -> d.equals(String.valueOf(x.data().get("domain")))).toList()));
        }
        return new Aggregate(means.perTask(), Map.of(TASK, byDomain), byDomain, overall, scored.size());
    }

    /** easy / hard by {@code difficulty} (not "easy" counts as hard); short / medium / long by {@code length} (else long). */
    private static Map<String, List<ScoredSample>> groups(List<ScoredSample> scored) {
        Map<String, List<ScoredSample>> groups = new LinkedHashMap<>();
        for (String name : List.of("easy", "hard", "short", "medium", "long")) {
            groups.put(name, new ArrayList<>());
        }
        for (ScoredSample s : scored) {
            groups.get("easy".equals(s.data().get("difficulty")) ? "easy" : "hard").add(s);
            Object length = s.data().get("length");
            groups.get("short".equals(length) ? "short" : "medium".equals(length) ? "medium" : "long").add(s);
        }
        return groups;
    }

    /** {@code result.py}'s {@code result.txt} row: percentages rounded to one decimal. */
    @Override
    public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
        StringBuilder row = new StringBuilder("Model\tOverall\tEasy\tHard\tShort\tMedium\tLong\nrun");
        row.append('\t').append(percent(scored));
        for (List<ScoredSample> group : groups(scored).values()) {
            row.append('\t').append(group.isEmpty() ? "-" : percent(group));
        }
        Files.writeString(runDirectory.resolve(RESULT_FILE), row.toString(), StandardCharsets.UTF_8);
    }

    private static String percent(List<ScoredSample> samples) {
        long right = samples.stream().filter(s -> s.metrics().get("accuracy") > 0).count();
        return Double.toString(new java.math.BigDecimal(100.0 * right / samples.size())
                .setScale(1, java.math.RoundingMode.HALF_EVEN).doubleValue());
    }
}
