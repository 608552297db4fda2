package org.longscope.bench.longbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.longscope.api.bench.ScoredSample;

/**
 * Upstream's {@code result.json} ({@code eval.py}): per task {@code round(100 * mean, 2)}, for
 * LongBench-E per task and length bucket ({@code < 4000}, {@code < 8000}, else), written as
 * {@code json.dump(scores, f, ensure_ascii=False, indent=4)} writes it (an empty bucket is
 * {@code NaN}, as {@code np.mean([])} gives).
 */
final class ResultJson {
    static final List<String> E_BUCKETS = List.of("0-4k", "4-8k", "8k+");

    private ResultJson() {
    }

    static String bucket(int length) {
        return length < 4000 ? "0-4k" : length < 8000 ? "4-8k" : "8k+";
    }

    static String render(List<ScoredSample> scored, boolean longBenchE) {
        List<String> entries = new ArrayList<>();
        for (LongBenchTask task : LongBenchTask.values()) {
            // upstream sums in file order
            List<ScoredSample> ofTask = scored.stream().filter(s -> s.task().equals(task.id))
                    .sorted(Comparator.comparingInt(s -> ((Number) s.data().get("line")).intValue())).toList();
            if (ofTask.isEmpty()) {
                continue;
            }
            if (!longBenchE) {
                entries.add("    " + quote(task.id) + ": " + repr(round2(100 * sum(ofTask) / ofTask.size())));
                continue;
            }
            List<String> buckets = new ArrayList<>();
            for (String bucket : E_BUCKETS) {
                List<ScoredSample> in = ofTask.stream()
                        .filter(s -> bucket(((Number) s.data().get("length")).intValue()).equals(bucket)).toList();
                buckets.add("        " + quote(bucket) + ": " + (in.isEmpty() ? "NaN" : repr(round2(100 * sum(in) / in.size()))));
            }
            entries.add("    " + quote(task.id) + ": {\n" + String.join(",\n", buckets) + "\n    }");
        }
        return entries.isEmpty() ? "{}" : "{\n" + String.join(",\n", entries) + "\n}";
    }

    /** The items' scores as fractions, as upstream adds them. */
    private static double sum(List<ScoredSample> samples) {
        double total = 0;
        for (ScoredSample s : samples) {
            total += s.metrics().get(LongBenchAdapter.SCORE) / 100;
        }
        return total;
    }

    /** Python's {@code round(x, 2)}: half to even on the exact binary value. */
    static double round2(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Python's float {@code repr} for 0 and values from 0.01 to 100: shortest round-trip digits with
     * at least one decimal, which is what {@code Double.toString} writes in that range.
     */
    static String repr(double x) {
        return Double.toString(x);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
