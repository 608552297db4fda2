package org.longscope.bench.synthetic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.Aggregate;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.OrderConsistency;
import org.longscope.api.bench.RewardBenchmarkAdapter;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.ChatMessage;
import org.osgi.service.component.annotations.Component;

/**
 * A generated, offline counterpart of Long-RewardBench: a long document (the shipped essay
 * haystack) hides a fact ("The special code of the quiet river is 4821734.") at a chosen depth and a
 * distractor fact about another key; the question asks for the fact; the candidate responses differ
 * only in whether they are consistent with the document. Best first: the correct fact; a refusal
 * ("The document does not say ..."); a plausible value absent from the document; the distractor's
 * value, which the document contradicts. {@code pairwise} sets the correct one against one of the
 * three (subtypes {@code refusal}, {@code absent}, {@code contradicted} in turn); {@code best_of_4}
 * ranks all four. Scored as Long-RM's evaluator scores (the share of presented positions whose rank
 * is right; an unparsed verdict scores 0), in percent.
 *
 * <p>Position bias: each item is presented in a seeded order; {@code presentations} (default 1)
 * presents it in that many orders (pairwise: both), and the summary reports
 * {@code order_consistency}, the share of items whose presentations agree on whether the correct
 * response comes first, and {@code first_pick}, the share of verdicts that put position A first.
 */
@Component(service = BenchmarkAdapter.class, property = {"longscope.kind=benchmark", "longscope.id=longrewardbench-synth"})
public final class LongRewardSynthBenchmark implements RewardBenchmarkAdapter {
    public static final String ID = "longrewardbench-synth";
    static final String PAIRWISE = "pairwise";
    static final String BEST_OF_4 = "best_of_4";
    static final List<String> WRONG = List.of("refusal", "absent", "contradicted");
    static final List<Double> DEFAULT_DEPTHS = List.of(0.0, 25.0, 50.0, 75.0, 100.0);
    /** Room for the judge's additions to the task prompt: a candidate response. */
    static final int RESPONSE_TOKENS = 48;
    static final String DESCRIPTION = "Read the document and answer the question at the end from it.\n\n";

    @Override
    public BenchmarkInfo info() {
        Map<String, Object> params = Map.of("depths", DEFAULT_DEPTHS, "presentations", 1);
        return new BenchmarkInfo(ID, "Generated long-context reward judgements (pairwise and best-of-4) over the "
                + "shipped essay haystack: which response is consistent with the document.", List.of(
                new TaskInfo(PAIRWISE, "reward", List.of("accuracy", "first_pick", "parsed"), true, params,
                        "the correct response against a refusal, an absent or a contradicted fact"),
                new TaskInfo(BEST_OF_4, "reward", List.of("accuracy", "top1", "first_pick", "parsed"), true, params,
                        "rank correct > refusal > absent > contradicted")), List.of());
    }

    @Override
    public List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException {
        String task = selection.task();
        if (!PAIRWISE.equals(task) && !BEST_OF_4.equals(task)) {
            throw new InvalidInputException(ID + ".tasks", "unknown task '" + task + "'; expected " + PAIRWISE + " or "
                    + BEST_OF_4);
        }
        Params params = new Params(ID, task, selection.params());
        params.requireKnown(java.util.Set.of("depths", "presentations"));
        List<Double> depths = params.numbers("depths", DEFAULT_DEPTHS, 0, 100);
        int presentations = params.integer("presentations", 1, 1, PAIRWISE.equals(task) ? 2 : 24);
        int count = GeneratedSamples.count(selection, 1);
        TokenCounter counter = new TokenCounter(context.tokenizer());
        LengthFitter fitter = new LengthFitter(counter);
        List<String> sentences = Resources.essaySentences();
        List<Sample> out = new ArrayList<>();
        for (int length : GeneratedSamples.lengths(ID, selection)) {
            String where = ID + "." + task + " at length " + length;
            int budget = GeneratedSamples.contentBudget(context, counter, length, RESPONSE_TOKENS, "", null, where);
            for (int s = 0; s < count; s++) {
                Random random = Seeds.forSample(context.seed(), task, length, s);
                double depth = depths.get(s % depths.size());
                Item item = Item.draw(random, task, s);
                int start = random.nextInt(sentences.size());
                LengthFitter.Fit fit = fitter.fit(n -> item.document(sentences, start, n, depth), 0,
                        sentences.size(), budget, where);
                List<List<Integer>> orders = orders(random, item.candidates().size(), presentations);
                for (int p = 0; p < orders.size(); p++) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put(GeneratedSamples.INPUT, fit.text());
                    data.put("candidates", item.candidates());
                    data.put("order", orders.get(p));
                    data.put("subtype", item.subtype());
                    data.put("depth", depth);
                    data.put("item", length + "-" + s);
                    data.put(GeneratedSamples.CONTENT_TOKENS, fit.tokens());
                    out.add(new Sample(length + "-" + s + "-o" + p, task, length, data));
                }
            }
        }
        return out;
    }

    /** Seeded presentation orders (gold index per position); for two candidates the second is the swap. */
    static List<List<Integer>> orders(Random random, int n, int presentations) {
        List<List<Integer>> orders = new ArrayList<>();
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add(i);
        }
        java.util.Collections.shuffle(first, random);
        orders.add(List.copyOf(first));
        while (orders.size() < presentations) {
            List<Integer> next = new ArrayList<>(first);
            if (n == 2) {
                java.util.Collections.reverse(next);
            } else {
                java.util.Collections.shuffle(next, random);
            }
            if (!orders.contains(next)) {
                orders.add(List.copyOf(next));
            }
        }
        return orders;
    }

    /** One judgement's facts and responses; candidates in gold order (best first). */
    record Item(String key, String value, String otherKey, String otherValue, String subtype, List<String> candidates) {

        static Item draw(Random random, String task, int index) {
            List<String> adjectives = Resources.adjectives();
            List<String> nouns = Resources.nouns();
            String key = adjectives.get(random.nextInt(adjectives.size())) + " " + nouns.get(random.nextInt(nouns.size()));
            String otherKey;
            do {
                otherKey = adjectives.get(random.nextInt(adjectives.size())) + " " + nouns.get(random.nextInt(nouns.size()));
            } while (otherKey.equals(key));
            String value = code(random);
            String other = distinct(random, value);
            String absent = distinct(random, value, other);
            String correct = "The special code of the " + key + " is " + value + ".";
            String refusal = "The document does not say what the special code of the " + key + " is.";
            String notThere = "The special code of the " + key + " is " + absent + ".";
            String contradicted = "The special code of the " + key + " is " + other + ".";
            if (BEST_OF_4.equals(task)) {
                return new Item(key, value, otherKey, other, "4", List.of(correct, refusal, notThere, contradicted));
            }
            String subtype = WRONG.get(index % WRONG.size());
            String wrong = switch (subtype) {
                case "refusal" -> refusal;
                case "absent" -> notThere;
                default -> contradicted;
            };
            return new Item(key, value, otherKey, other, subtype, List.of(correct, wrong));
        }

        private static String code(Random random) {
            return Integer.toString(1_000_000 + random.nextInt(9_000_000));
        }

        private static String distinct(Random random, String... taken) {
            String c;
            do {
                c = code(random);
            } while (List.of(taken).contains(c));
            return c;
        }

        /** {@code n} essay sentences from {@code start}, the fact after {@code depth}% of them, the distractor opposite. */
        Draft document(List<String> sentences, int start, int n, double depth) {
            int at = (int) Math.round(n * depth / 100.0);
            int distractorAt = (int) Math.round(n * (100 - depth) / 100.0);
            List<String> pieces = new ArrayList<>(n + 4);
            pieces.add(DESCRIPTION);
            for (int i = 0; i <= n; i++) {
                if (i == at) {
                    pieces.add(" The special code of the " + key + " is " + value + ".");
                }
                if (i == distractorAt) {
                    pieces.add(" The special code of the " + otherKey + " is " + otherValue + ".");
                }
                if (i < n) {
                    pieces.add(" " + sentences.get((start + i) % sentences.size()));
                }
            }
            pieces.add("\n\nQuestion: What is the special code of the " + key + "?");
            return new Draft(pieces, n, List.of(value), Map.of());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public JudgeRequest judgement(Sample sample) {
        List<String> candidates = (List<String>) sample.data().get("candidates");
        List<String> shown = new ArrayList<>();
        for (Object gold : (List<Object>) sample.data().get("order")) {
            shown.add(candidates.get(((Number) gold).intValue()));
        }
        JudgeRequest.Mode mode = shown.size() == 2 ? JudgeRequest.Mode.PAIRWISE : JudgeRequest.Mode.RANKING;
        return new JudgeRequest(mode, List.of(ChatMessage.user(sample.string(GeneratedSamples.INPUT))), 0, shown);
    }

    @Override
    @SuppressWarnings("unchecked")
    public SampleScore score(Sample sample, Verdict verdict) {
        List<Integer> golden = ((List<Object>) sample.data().get("order")).stream()
                .map(o -> ((Number) o).intValue()).toList();
        List<Integer> ranks = verdict.ranksByPosition();
        double accuracy = 100.0 * verdict.positionScore(golden);
        boolean top1 = verdict.parsed() && golden.get(verdict.ranking().getFirst()) == 0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        if (golden.size() > 2) {
            metrics.put("top1", top1 ? 100.0 : 0.0);
        }
        metrics.put("first_pick", verdict.parsed() && verdict.ranking().getFirst() == 0 ? 100.0 : 0.0);
        metrics.put("parsed", verdict.parsed() ? 100.0 : 0.0);
        String detail = !verdict.parsed() ? "verdict not parsed"
                : "ranks " + ranks + " for gold " + golden + (verdict.tie() ? " (tie broken by order)" : "");
        return new SampleScore(metrics, detail);
    }

    /** The means, plus order consistency over items presented more than once. */
    @Override
    public Aggregate aggregate(List<ScoredSample> scored) {
        Aggregate means = Aggregate.means(scored);
        OptionalDouble consistency = OrderConsistency.percent(scored, "item", s -> s.metrics().containsKey("top1")
                ? s.metrics().get("top1") > 0 : s.metrics().getOrDefault("accuracy", 0.0) > 0);
        return consistency.isEmpty() ? means : means.withOverall(Map.of("order_consistency", consistency.getAsDouble()));
    }
}
