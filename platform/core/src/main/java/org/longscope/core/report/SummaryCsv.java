package org.longscope.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * summary.csv: one row per figure, {@code kv,benchmark,task,length_bucket,metric,value}; {@code all}
 * marks a figure over every task or bucket. The {@code length_bucket} column holds a bucket
 * ({@code 0-4k}) or, for the per-task means by target length, that length ({@code 2048}).
 * Method-level figures (KV bytes, speed, counts) have benchmark, task and bucket {@code all}.
 */
public final class SummaryCsv {

    public static final String HEADER = "kv,benchmark,task,length_bucket,metric,value";
    static final List<String> METHOD_FIELDS = List.of("done", "failed", "skipped", "kv_bytes_resident_mean",
            "kv_bytes_offloaded_mean", "prefill_tokens_per_s", "decode_tokens_per_s");

    private SummaryCsv() {
    }

    public static String render(JsonNode summary) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (JsonNode m : summary.path("methods")) {
            String kv = m.path("kv").asText();
            for (String field : METHOD_FIELDS) {
                row(out, kv, "all", "all", "all", field, m.path(field));
            }
            m.path("benchmarks").fields().forEachRemaining(b -> {
                String bench = b.getKey();
                JsonNode agg = b.getValue();
                agg.path("overall").fields().forEachRemaining(e -> row(out, kv, bench, "all", "all", e.getKey(), e.getValue()));
                agg.path("per_bucket").fields().forEachRemaining(bucket -> bucket.getValue().fields()
                        .forEachRemaining(e -> row(out, kv, bench, "all", bucket.getKey(), e.getKey(), e.getValue())));
                agg.path("per_task").fields().forEachRemaining(task -> task.getValue().fields()
                        .forEachRemaining(e -> row(out, kv, bench, task.getKey(), "all", e.getKey(), e.getValue())));
                for (String grouping : List.of("per_task_bucket", "per_task_length")) {
                    agg.path(grouping).fields().forEachRemaining(task -> task.getValue().fields()
                            .forEachRemaining(bucket -> bucket.getValue().fields().forEachRemaining(e ->
                                    row(out, kv, bench, task.getKey(), bucket.getKey(), e.getKey(), e.getValue()))));
                }
            });
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String kv, String bench, String task, String bucket, String metric,
            JsonNode value) {
        out.append(cell(kv)).append(',').append(cell(bench)).append(',').append(cell(task)).append(',')
                .append(cell(bucket)).append(',').append(cell(metric)).append(',').append(number(value)).append('\n');
    }

    static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        double d = value.asDouble();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.4f", d);
    }

    /** RFC 4180 quoting where needed (KV labels contain commas: {@code snapkv:budget=512,window=32}). */
    static String cell(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
