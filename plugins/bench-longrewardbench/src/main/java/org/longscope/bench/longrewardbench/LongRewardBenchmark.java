package org.longscope.bench.longrewardbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.OrderConsistency;
import org.longscope.api.bench.RewardBenchmarkAdapter;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.model.ChatMessage;
import org.osgi.service.component.annotations.Component;

/**
 * Long-RewardBench (LCM-Lab, arXiv 2510.06915): 1,900 long-context judgements in seven task files,
 * pairwise ({@code chosen} against {@code rejected}) and best-of-N (candidates stored best first),
 * read from the hub dataset and presented as Long-RM's evaluator presents them: per file,
 * {@code random.seed(42)}, a shuffle of the items, then one shuffle of each item's responses
 * ({@link PythonRandom}). Scored by {@code compare_shuffled} (the share of positions whose rank is
 * right; an unparsed verdict scores 0), in percent; {@code results.csv} is written exactly as upstream.
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=longrewardbench"})
public final class LongRewardBenchmark implements RewardBenchmarkAdapter {
    public static final String ID = "longrewardbench";
    static final String REPOSITORY = "LCM-Lab/LongRewardBench";
    static final long UPSTREAM_SEED = 42;
    static final String RESULTS_FILE = "longrewardbench-results.csv";
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("formats", "both", List.of("both", DatasetReader.PAIRWISE, DatasetReader.BEST_OF_N),
                    "item types kept (upstream's task_formats; keeping one type changes every presentation order, as upstream)"),
            ParamSpec.integer("presentations", 1, 1, 24, "candidate orders per item: the first is upstream's, "
                    + "the others (pairwise: the swap; best-of-N: seeded permutations) measure position bias"));
    static final List<String> METRICS = List.of("accuracy", "pairwise", "same", "diff", "rank", "rank2", "rank3", "rank4",
            "top1", "first_pick", "parsed", "tie");

    /** The task files on the hub's main branch; sha256 where it has been read from the hub's file pages. */
    static final Map<String, DataFile> FILES = files(Map.of(
            "Summ", "622d91518e5985e8735d6f6856a17e2b042330fe203e57f3939ad78cfb628a5d",
            "LongQA", "08e925e857a41a5e9d859151ac1739217174427bbc8803a0b0f698d3d3bee8f1"));

    private static Map<String, DataFile> files(Map<String, String> sha256) {
        Map<String, DataFile> files = new LinkedHashMap<>();
        for (String task : ResultsCsv.TASKS) {
            files.put(task, new DataFile(REPOSITORY, "main", task + ".jsonl", sha256.get(task), -1));
        }
        return Collections.unmodifiableMap(files);
    }

    @Override
    public BenchmarkInfo info() {
        Map<String, Object> defaults = ParamSpec.resolve(ID, PARAMS, Map.of());
        List<TaskInfo> tasks = new ArrayList<>();
        for (String task : ResultsCsv.TASKS) {
            tasks.add(new TaskInfo(task, "reward", METRICS, false, defaults,
                    "Long-RewardBench " + task + ": pairwise and best-of-N judgements, 4k-128k contexts"));
        }
        return new BenchmarkInfo(ID, "Long-RewardBench (LCM-Lab): long-context reward-model evaluation, pairwise "
                + "and best-of-N, seven tasks, exactly as Long-RM's evaluator", tasks, List.copyOf(FILES.values()));
    }

    @Override
    public List<DataFile> dataFiles(String task) {
        DataFile file = FILES.get(task);
        return file == null ? List.of() : List.of(file);
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        String task = selection.task();
        DataFile file = FILES.get(task);
        if (file == null) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + task + "'; expected one of " + ResultsCsv.TASKS);
        }
        Map<String, Object> params = ParamSpec.resolve(ID + "." + task, PARAMS, selection.params());
        String formats = (String) params.get("formats");
        int presentations = ((Number) params.get("presentations")).intValue();
        Set<String> kept = formats.equals("both") ? Set.of(DatasetReader.PAIRWISE, DatasetReader.BEST_OF_N) : Set.of(formats);
        List<String> lengths = lengthLabels(selection.lengths());
        List<Sample> out = new ArrayList<>();
        int items = 0;
        for (Map.Entry<DatasetReader.Item, List<Integer>> e
                : upstreamOrders(DatasetReader.read(file.resolveIn(context.dataDirectory()), kept)).entrySet()) {
            DatasetReader.Item item = e.getKey();
            if (!lengths.isEmpty() && !lengths.contains(item.ctxLength())) {
                continue;
            }
            if (selection.samples() > 0 && items++ >= selection.samples()) {
                break;
            }
            List<List<Integer>> orders = presentations(e.getValue(), presentations, context.seed() * 1_000_003L + item.index());
            for (int p = 0; p < orders.size(); p++) {
                out.add(sample(task, item, orders.get(p), p));
            }
        }
        return out;
    }

    /**
     * Upstream's presentation: {@code random.seed(42)}; shuffle the file's items; for each item in
     * that order, shuffle {@code range(n)}: position p shows answer {@code order[p]}.
     */
    static Map<DatasetReader.Item, List<Integer>> upstreamOrders(List<DatasetReader.Item> items) {
        PythonRandom random = new PythonRandom(UPSTREAM_SEED);
        List<DatasetReader.Item> processing = new ArrayList<>(items);
        random.shuffle(processing);
        Map<DatasetReader.Item, List<Integer>> orders = new LinkedHashMap<>();
        for (DatasetReader.Item item : processing) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < item.answers().size(); i++) {
                order.add(i);
            }
            random.shuffle(order);
            orders.put(item, List.copyOf(order));
        }
        return orders;
    }

    /** Upstream's order first, then the swap (two answers) or distinct seeded permutations. */
    static List<List<Integer>> presentations(List<Integer> upstream, int count, long seed) {
        List<List<Integer>> orders = new ArrayList<>(List.of(upstream));
        long possible = 1;
        for (int i = 2; i <= upstream.size() && possible < count; i++) {
            possible *= i;
        }
        Random random = new Random(seed);
        while (orders.size() < Math.min(count, possible)) {
            List<Integer> next = new ArrayList<>(upstream);
            if (upstream.size() == 2) {
                Collections.reverse(next);
            } else {
                Collections.shuffle(next, random);
            }
            if (!orders.contains(next)) {
                orders.add(List.copyOf(next));
            }
        }
        return orders;
    }

    private static Sample sample(String task, DatasetReader.Item item, List<Integer> order, int presentation) {
        List<Map<String, Object>> prompt = new ArrayList<>();
        for (ChatMessage m : item.prompt()) {
            prompt.add(Map.of("role", m.role(), "content", m.content()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("index", item.index());
        data.put("line", item.line());
        data.put("source", item.source());
        data.put("tasktype", item.tasktype() == null ? "None" : item.tasktype());
        data.put("subtype", item.subtype());
        data.put("ctx_length", item.ctxLength());
        data.put("prompt", prompt);
        data.put("answers", item.answers());
        data.put("order", order);
        data.put("presentation", presentation);
        String id = presentation == 0 ? Integer.toString(item.index()) : item.index() + "-o" + presentation;
        return new Sample(id, task, 0, data);
    }

    /** Selected lengths name upstream's buckets: 4096 is {@code 4k}, ..., 131072 is {@code 128k}. */
    private static List<String> lengthLabels(List<Integer> lengths) {
        List<String> labels = new ArrayList<>();
        for (int length : lengths) {
            String label = length % 1024 == 0 ? (length / 1024) + "k" : null;
            if (label == null || !ResultsCsv.LENGTHS.contains(label)) {
                throw new InvalidInputException(ID + ".lengths", "Long-RewardBench's items come in the length buckets "
                        + ResultsCsv.LENGTHS + "; got " + length);
            }
            labels.add(label);
        }
        return labels;
    }

    @Override
    @SuppressWarnings("unchecked")
    public JudgeRequest judgement(Sample sample) {
        List<ChatMessage> prompt = new ArrayList<>();
        int longest = 0;
        for (Map<String, Object> m : (List<Map<String, Object>>) sample.data().get("prompt")) {
            prompt.add(new ChatMessage((String) m.get("role"), (String) m.get("content")));
            if (prompt.getLast().content().length() > prompt.get(longest).content().length()) {
                longest = prompt.size() - 1;
            }
        }
        List<String> answers = (List<String>) sample.data().get("answers");
        List<String> shown = order(sample).stream().map(answers::get).toList();
        JudgeRequest.Mode mode = DatasetReader.BEST_OF_N.equals(sample.string("tasktype"))
                ? JudgeRequest.Mode.RANKING : JudgeRequest.Mode.PAIRWISE;
        return new JudgeRequest(mode, prompt, longest, shown);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> order(Sample sample) {
        return ((List<Object>) sample.data().get("order")).stream().map(o -> ((Number) o).intValue()).toList();
    }

    @Override
    public SampleScore score(Sample sample, Verdict verdict) {
        List<Integer> golden = order(sample);
        double accuracy = 100.0 * verdict.positionScore(golden);
        String tasktype = sample.string("tasktype");
        String subtype = sample.string("subtype");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        if (DatasetReader.PAIRWISE.equals(tasktype)) {
            metrics.put("pairwise", accuracy);
            metrics.put(subtype.equals("same") ? "same" : "diff", accuracy);
        } else if (DatasetReader.BEST_OF_N.equals(tasktype)) {
            metrics.put("rank", accuracy);
            if (List.of("2", "3", "4").contains(subtype)) {
                metrics.put("rank" + subtype, accuracy);
            }
        }
        boolean parsed = verdict.parsed();
        metrics.put("top1", parsed && golden.get(verdict.ranking().getFirst()) == 0 ? 100.0 : 0.0);
        metrics.put("first_pick", parsed && verdict.ranking().getFirst() == 0 ? 100.0 : 0.0);
        metrics.put("parsed", parsed ? 100.0 : 0.0);
        metrics.put("tie", verdict.tie() ? 100.0 : 0.0);
        String detail = !parsed ? "verdict not parsed"
                : "ranks " + verdict.ranksByPosition() + " for gold " + golden + (verdict.tie() ? " (tie broken by order)" : "");
        return new SampleScore(metrics, detail);
    }

    /** Means per task and overall, by upstream's length labels, with order consistency when items were shown twice. */
    @Override
    public Aggregate aggregate(List<ScoredSample> scored) {
        Aggregate means = Aggregate.means(scored);
        Map<String, List<ScoredSample>> byLength = byLength(scored);
        Map<String, Map<String, Double>> perBucket = new LinkedHashMap<>();
        byLength.forEach((label, list) -> perBucket.put(label, Aggregate.meanOf(list)));
        Map<String, Map<String, Map<String, Double>>> perTaskBucket = new LinkedHashMap<>();
        for (String task : means.perTask().keySet()) {
            Map<String, Map<String, Double>> buckets = new LinkedHashMap<>();
            byLength(scored.stream().filter(s -> s.task().equals(task)).toList())
                    .forEach((label, list) -> buckets.put(label, Aggregate.meanOf(list)));
            perTaskBucket.put(task, buckets);
        }
        Map<String, Double> overall = new LinkedHashMap<>(means.overall());
        OptionalDouble consistency = OrderConsistency.percent(scored, "index", s -> s.metrics().getOrDefault("top1", 0.0) > 0);
        consistency.ifPresent(c -> overall.put("order_consistency", c));
        return new Aggregate(means.perTask(), perTaskBucket, perBucket, overall, scored.size());
    }

    /** Samples by {@code ctx_length}, upstream's buckets in their order first. */
    private static Map<String, List<ScoredSample>> byLength(List<ScoredSample> scored) {
        Map<String, List<ScoredSample>> byLength = new TreeMap<>((a, b) -> {
            int ia = ResultsCsv.LENGTHS.indexOf(a);
            int ib = ResultsCsv.LENGTHS.indexOf(b);
            return ia >= 0 && ib >= 0 ? Integer.compare(ia, ib) : ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
        });
        for (ScoredSample s : scored) {
            byLength.computeIfAbsent(String.valueOf(s.data().get("ctx_length")), k -> new ArrayList<>()).add(s);
        }
        return byLength;
    }

    /** Upstream's {@code results.csv}, over each item's upstream presentation only. */
    @Override
    public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
        Files.writeString(runDirectory.resolve(RESULTS_FILE), ResultsCsv.render(rows(scored)), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static List<ResultsCsv.Row> rows(List<ScoredSample> scored) {
        List<ResultsCsv.Row> rows = new ArrayList<>();
        for (ScoredSample s : scored) {
            Object presentation = s.data().get("presentation");
            if (presentation instanceof Number p && p.intValue() != 0) {
                continue;
            }
            int n = ((List<Object>) s.data().get("order")).size();
            double result = Math.round(s.metrics().getOrDefault("accuracy", 0.0) / 100.0 * n) / (double) n;
            rows.add(new ResultsCsv.Row(s.task(), String.valueOf(s.data().get("tasktype")),
                    String.valueOf(s.data().get("subtype")), String.valueOf(s.data().get("ctx_length")), result));
        }
        return rows;
    }
}
