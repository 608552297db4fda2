package org.longscope.bench.longbench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final List<String> FIELDS = List.of("_id", "domain", "sub_domain", "difficulty", "length", "question",
            "choice_A", "choice_B", "choice_C", "choice_D", "answer", "context");
    private static final Pattern WITH_PARENTHESES = Pattern.compile("The correct answer is \\(([A-D])\\)");
    private static final Pattern BARE = Pattern.compile("The correct answer is ([A-D])");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public BenchmarkInfo info() {
        return new BenchmarkInfo(ID, "LongBench v2 (THUDM): 503 multiple-choice questions over 8K-2M word contexts, "
                + "accuracy by difficulty and length", List.of(new TaskInfo(TASK, "qa", List.of("accuracy", "parsed"), false,
                Map.of(), "four choices, the zero-shot prompt, 128 new tokens")), List.of(DATA));
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        if (!TASK.equals(selection.task())) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + selection.task() + "'; expected [" + TASK + "]");
        }
        if (!selection.lengths().isEmpty() || !selection.params().isEmpty()) {
            throw new InvalidInputException(ID, "LongBench v2 takes no lengths and no parameters");
        }
        Path file = DATA.resolveIn(context.dataDirectory());
        List<Sample> samples = new ArrayList<>();
        try (JsonParser in = JSON.createParser(file.toFile())) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(file.getFileName().toString(), "expected a JSON array of items");
            }
            int index = 0;
            while (in.nextToken() == JsonToken.START_OBJECT && (selection.samples() <= 0 || samples.size() < selection.samples())) {
                JsonNode item = JSON.readTree(in);
                Map<String, Object> data = new LinkedHashMap<>();
                for (String field : FIELDS) {
                    JsonNode value = item.get(field);
                    if (value == null || !value.isTextual()) {
                        throw new InvalidInputException(file.getFileName() + " item " + index + ": field '" + field + "'",
                                value == null ? "missing; expected a string" : "expected a string");
                    }
                    data.put(field, value.asText());
                }
                data.put("index", index++);
                samples.add(new Sample((String) data.get("_id"), TASK, 0, data));
            }
        }
        return samples;
    }

    /** {@code pred.py}: the zero-shot template, each placeholder replaced in turn by the stripped field. */
    @Override
    public RenderedPrompt render(Sample sample) {
        String prompt = UpstreamConfig.V2_ZERO_SHOT
                .replace("$DOC$", PythonText.strip(sample.string("context")))
                .replace("$Q$", PythonText.strip(sample.string("question")))
                .replace("$C_A$", PythonText.strip(sample.string("choice_A")))
                .replace("$C_B$", PythonText.strip(sample.string("choice_B")))
                .replace("$C_C$", PythonText.strip(sample.string("choice_C")))
                .replace("$C_D$", PythonText.strip(sample.string("choice_D")));
        return new RenderedPrompt(List.of(ChatMessage.user(prompt)), 0, "", MAX_NEW_TOKENS, List.of());
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
