package org.longscope.bench.longbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * LongBench v1 and LongBench-E (THUDM, arXiv 2308.14508) as upstream's {@code pred.py} and
 * {@code eval.py} run them: the task's prompt template filled with the item, its generation length,
 * the chat template off for few-shot and code tasks, the long prompt cut in the middle to the
 * model's window by core's standardized truncation, and the task's metric, the maximum over the
 * reference answers. Scores are percentages; the run directory also gets upstream's
 * {@code result.json}.
 */
abstract class LongBenchAdapter implements BenchmarkAdapter {
    static final String REPOSITORY = "THUDM/LongBench";
    /** The hub dataset's archive of every task (LongBench and LongBench-E); its sha256 is not pinned yet. */
    static final DataFile DATA = new DataFile(REPOSITORY, "main", "data.zip", null, -1);
    static final String SCORE = "score";
    static final String RESULT_FILE = "longbench-result.json";

    private final String id;
    private final boolean longBenchE;

    LongBenchAdapter(String id, boolean longBenchE) {
        this.id = id;
        this.longBenchE = longBenchE;
    }

    @Override
    public BenchmarkInfo info() {
        List<TaskInfo> tasks = new ArrayList<>();
        for (LongBenchTask task : LongBenchTask.of(longBenchE)) {
            tasks.add(new TaskInfo(task.id, task.category.metric, List.of(task.metric.upstreamName, SCORE),
                    false, Map.of(), "LongBench " + task.id + " (" + task.category.metric + "), "
                    + UpstreamConfig.MAX_NEW_TOKENS.get(task.id) + " new tokens"
                    + (task.withoutChatTemplate() ? ", without the chat template" : "")));
        }
        String description = longBenchE
                ? "LongBench-E (THUDM): 13 LongBench tasks, length-balanced, scored per length bucket (0-4k, 4-8k, 8k+ words)"
                : "LongBench v1 (THUDM): 21 English, Chinese and code tasks with upstream's prompts, truncation and metrics";
        return new BenchmarkInfo(id, description, tasks, List.of(DATA));
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        LongBenchTask task = LongBenchTask.byId(selection.task()).filter(t -> !longBenchE || t.inLongBenchE)
                .orElseThrow(() -> new InvalidInputException(id + ".tasks", "unknown task '" + selection.task()
                        + "'; expected one of " + LongBenchTask.of(longBenchE).stream().map(t -> t.id).toList()));
        if (!selection.lengths().isEmpty()) {
            throw new InvalidInputException(id + ".lengths", "LongBench items have their own lengths; leave lengths "
                    + "empty (LongBench-E reports the 0-4k, 4-8k and 8k+ buckets by itself)");
        }
        if (!selection.params().isEmpty()) {
            throw new InvalidInputException(id + ".params", "LongBench takes no parameters, got " + selection.params().keySet());
        }
        List<Sample> samples = new ArrayList<>();
        List<LongBenchData.Item> items = LongBenchData.read(DATA.resolveIn(context.dataDirectory()), task, longBenchE);
        for (int index : StratifiedSubset.pick(items, item -> ResultJson.bucket(item.length()), selection.samples(),
                context.seed())) {
            LongBenchData.Item item = items.get(index);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("input", item.input());
            data.put("context", item.context());
            data.put("answers", item.answers());
            data.put("all_classes", item.allClasses());
            data.put("length", item.length());
            data.put("line", item.line());
            samples.add(new Sample(item.id(), task.id, 0, data));
        }
        return samples;
    }

    @Override
    public RenderedPrompt render(Sample sample) {
        LongBenchTask task = task(sample);
        String prompt = UpstreamConfig.format(UpstreamConfig.PROMPTS.get(task.id), sample.string("context"),
                sample.string("input"));
        return new RenderedPrompt(List.of(ChatMessage.user(prompt)), 0, "", UpstreamConfig.MAX_NEW_TOKENS.get(task.id),
                task.stop(), !task.withoutChatTemplate());
    }

    @Override
    @SuppressWarnings("unchecked")
    public SampleScore score(Sample sample, String response) {
        LongBenchTask task = task(sample);
        double score = 100 * LongBenchMetrics.score(task, response, (List<String>) sample.data().get("answers"),
                (List<String>) sample.data().get("all_classes"));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(task.metric.upstreamName, score);
        metrics.put(SCORE, score);
        return new SampleScore(metrics, "");
    }

    private static LongBenchTask task(Sample sample) {
        return LongBenchTask.byId(sample.task()).orElseThrow(() -> new IllegalArgumentException("not a LongBench task: " + sample.task()));
    }

    /**
     * Means per task; overall, {@code score} is the mean over tasks (upstream's average, not over
     * items), with the same per category. LongBench-E adds upstream's buckets by item length.
     */
    @Override
    public Aggregate aggregate(List<ScoredSample> scored) {
        Aggregate means = Aggregate.means(scored);
        Map<String, Double> overall = new LinkedHashMap<>();
        overall.put(SCORE, macro(means.perTask().keySet(), means.perTask()));
        for (LongBenchTask.Category category : LongBenchTask.Category.values()) {
            List<String> tasks = means.perTask().keySet().stream()
                    .filter(t -> LongBenchTask.byId(t).map(x -> x.category == category).orElse(false)).toList();
            if (!tasks.isEmpty()) {
                overall.put(category.metric, macro(tasks, means.perTask()));
            }
        }
        if (!longBenchE) {
            return new Aggregate(means.perTask(), means.perTaskBucket(), means.perBucket(), overall, scored.size());
        }
        Map<String, Map<String, Map<String, Double>>> perTaskBucket = new LinkedHashMap<>();
        for (String task : means.perTask().keySet()) {
            Map<String, Map<String, Double>> buckets = new LinkedHashMap<>();
            for (String bucket : ResultJson.E_BUCKETS) {
                List<ScoredSample> in = scored.stream().filter(s -> s.task().equals(task)
                        && ResultJson.bucket(((Number) s.data().get("length")).intValue()).equals(bucket)).toList();
                if (!in.isEmpty()) {
                    buckets.put(bucket, Aggregate.meanOf(in));
                }
            }
            perTaskBucket.put(task, buckets);
        }
        Map<String, Map<String, Double>> perBucket = new LinkedHashMap<>();
        for (String bucket : ResultJson.E_BUCKETS) {
            Map<String, Map<String, Double>> ofBucket = new LinkedHashMap<>();
            perTaskBucket.forEach((task, buckets) -> {
                if (buckets.containsKey(bucket)) {
                    ofBucket.put(task, buckets.get(bucket));
                }
            });
            if (!ofBucket.isEmpty()) {
                perBucket.put(bucket, Map.of(SCORE, macro(ofBucket.keySet(), ofBucket)));
            }
        }
        return new Aggregate(means.perTask(), perTaskBucket, perBucket, overall, scored.size());
    }

    private static double macro(Iterable<String> tasks, Map<String, Map<String, Double>> perTask) {
        double sum = 0;
        int n = 0;
        for (String task : tasks) {
            sum += perTask.get(task).get(SCORE);
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Upstream's {@code result.json} ({@code eval.py}), beside the summary. */
    @Override
    public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
        Files.writeString(runDirectory.resolve(RESULT_FILE), ResultJson.render(scored, longBenchE), StandardCharsets.UTF_8);
    }
}
