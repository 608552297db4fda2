package org.longscope.bench.longrewardbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Long-RM's {@code results.csv} ({@code evaluator.py}, {@code evaluate}): 21 rows of fractions,
 * written as pandas writes {@code DataFrame({"Task": ..., "Value": ...}).to_csv(path)}: a header
 * with an empty index cell, a 0-based index column, the {@code Rank Avg,} label quoted for its comma
 * (upstream's spelling), values rounded by Python's {@code round(x, 5)} and printed by {@code repr}.
 */
final class ResultsCsv {
    static final List<String> TASKS = List.of("LongQA", "Summ", "Safety", "ICL", "Cite", "Code", "Math");
    static final List<String> LENGTHS = List.of("4k", "8k", "16k", "32k", "64k", "128k");

    /** One judged item as upstream's table sees it; {@code result} is {@code compare_shuffled}, in [0, 1]. */
    record Row(String subset, String type, String subtype, String length, double result) {
    }

    private ResultsCsv() {
    }

    static String render(List<Row> rows) {
        List<Row> pairs = rows.stream().filter(r -> DatasetReader.PAIRWISE.equals(r.type())).toList();
        List<Row> bestOfN = rows.stream().filter(r -> DatasetReader.BEST_OF_N.equals(r.type())).toList();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String task : TASKS) {
            labels.add(task);
            values.add(mean(pairs, r -> r.subset().equals(task)));
        }
        labels.addAll(List.of("Same.", "Diff.", "PairWise Avg."));
        values.add(mean(pairs, r -> r.subtype().equals("same")));
        values.add(mean(pairs, r -> !r.subtype().equals("same")));
        values.add(mean(pairs, r -> true));
        double rankCorrect = 0;
        for (String k : List.of("2", "3", "4")) {
            labels.add("Rank" + k);
            values.add(mean(bestOfN, r -> r.subtype().equals(k)));
            rankCorrect += sum(bestOfN, r -> r.subtype().equals(k));
        }
        labels.add("Rank Avg,");
        values.add(rankCorrect / Math.max(bestOfN.size(), 1)); // items of other subtypes count only below the line
        for (String length : LENGTHS) {
            labels.add(length);
            values.add(mean(pairs, r -> r.length().equals(length)));
        }
        labels.add("AVG.");
        values.add(mean(rows, r -> true));
        StringBuilder out = new StringBuilder(",Task,Value\n");
        for (int i = 0; i < labels.size(); i++) {
            out.append(i).append(',').append(csvCell(labels.get(i))).append(',').append(pythonRepr(round5(values.get(i))))
                    .append('\n');
        }
        return out.toString();
    }

    private static double sum(List<Row> rows, Predicate<Row> filter) {
        return rows.stream().filter(filter).mapToDouble(Row::result).sum();
    }

    /** {@code sum(results) / max(len(results), 1)}: an empty group is 0.0. */
    private static double mean(List<Row> rows, Predicate<Row> filter) {
        long n = rows.stream().filter(filter).count();
        return sum(rows, filter) / Math.max(n, 1);
    }

    /** Python's {@code round(x, 5)}: half to even on the exact binary value. */
    static double round5(double x) {
        return new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Python's {@code repr} of a float in [0, 1] with at most 5 decimals: {@code 1.0}, {@code 0.5}, {@code 1e-05}. */
    static String pythonRepr(double x) {
        if (x != 0 && Math.abs(x) < 1e-4) {
            BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
            String digits = d.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - d.scale();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (x < 0 ? "-" : "") + mantissa + "e-" + String.format("%02d", -exponent);
        }
        String plain = new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** pandas' default quoting (QUOTE_MINIMAL): a cell with a comma, quote or line break is quoted. */
    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
