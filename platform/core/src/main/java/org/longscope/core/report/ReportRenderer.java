package org.longscope.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.core.json.Json;
import org.longscope.core.store.RunDirectory;

/**
 * The terminal report of a run, read from its directory alone ({@code longscope report <run-dir>}):
 * a comparison table (one row per KV method: overall scores beside KV memory and speed) and a
 * detail table (per benchmark, task and target length, one column per method; per length bucket
 * instead for a benchmark whose samples have more than {@value #MAX_LENGTH_ROWS} distinct lengths).
 */
public final class ReportRenderer {
    static final int MAX_LENGTH_ROWS = 12;
    private ReportRenderer() {
    }

    public static String render(Path runDirectory) throws IOException {
        Path summary = new RunDirectory(runDirectory).summary();
        if (!Files.isRegularFile(summary)) {
            throw new InvalidInputException(runDirectory.toString(),
                    "no summary.json: the run has not finished (resume it to complete it)");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(summary.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(summary.toString(), "expected JSON: " + e.getMessage());
        }
        return render(root);
    }

    public static String render(JsonNode s) {
        StringBuilder out = new StringBuilder();
        JsonNode counts = s.path("counts");
        out.append("Run ").append(s.path("run_id").asText()).append(" (").append(s.path("state").asText())
                .append(")  model: ").append(s.path("model").asText()).append('\n');
        out.append("Work items: ").append(counts.path("done").asInt() - counts.path("failed").asInt()
                        - counts.path("skipped").asInt()).append(" scored, ")
                .append(counts.path("failed").asInt()).append(" failed, ")
                .append(counts.path("skipped").asInt()).append(" skipped (over budget), of ")
                .append(counts.path("total").asInt()).append("\n\n");

        List<String> scoreColumns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode m : s.path("methods")) {
            m.path("benchmarks").fields().forEachRemaining(b -> b.getValue().path("overall").fieldNames()
                    .forEachRemaining(metric -> {
                        if (seen.add(b.getKey() + " " + metric)) {
                            scoreColumns.add(b.getKey() + " " + metric);
                        }
                    }));
        }
        List<String> header = new ArrayList<>(List.of("kv method"));
        header.addAll(scoreColumns);
        header.addAll(List.of("samples", "KV resident MiB", "KV offloaded MiB", "prefill tok/s", "decode tok/s"));
        TextTable comparison = new TextTable(header);
        for (JsonNode m : s.path("methods")) {
            List<String> row = new ArrayList<>(List.of(m.path("kv").asText()));
            for (String column : scoreColumns) {
                int space = column.indexOf(' ');
                JsonNode v = m.path("benchmarks").path(column.substring(0, space)).path("overall").path(column.substring(space + 1));
                row.add(v.isMissingNode() ? "-" : fixed(v.asDouble(), 2));
            }
            row.add(Integer.toString(m.path("done").asInt()));
            row.add(mib(m.path("kv_bytes_resident_mean").asDouble(-1)));
            row.add(mib(m.path("kv_bytes_offloaded_mean").asDouble(-1)));
            row.add(fixed(m.path("prefill_tokens_per_s").asDouble(), 1));
            row.add(fixed(m.path("decode_tokens_per_s").asDouble(), 1));
            comparison.add(row);
        }
        out.append(comparison.render());

        List<String> methods = new ArrayList<>();
        s.path("methods").forEach(m -> methods.add(m.path("kv").asText()));
        List<String> detailHeader = new ArrayList<>(List.of("benchmark / task / length", "metric"));
        detailHeader.addAll(methods);
        TextTable detail = new TextTable(detailHeader);
        Set<String> rows = new LinkedHashSet<>();
        for (JsonNode m : s.path("methods")) {
            m.path("benchmarks").fields().forEachRemaining(b -> {
                String grouping = detailGrouping(b.getValue());
                b.getValue().path(grouping).fields().forEachRemaining(t -> t.getValue().fields().forEachRemaining(
                        length -> length.getValue().fieldNames().forEachRemaining(metric -> rows.add(String.join("\u0000",
                                b.getKey(), t.getKey(), length.getKey(), metric, grouping)))));
            });
        }
        for (String key : rows) {
            String[] p = key.split("\u0000");
            List<String> row = new ArrayList<>(List.of(p[0] + " / " + p[1] + " / " + p[2], p[3]));
            for (JsonNode m : s.path("methods")) {
                JsonNode v = m.path("benchmarks").path(p[0]).path(p[4]).path(p[1]).path(p[2]).path(p[3]);
                row.add(v.isMissingNode() ? "-" : fixed(v.asDouble(), 2));
            }
            detail.add(row);
        }
        if (!detail.isEmpty()) {
            out.append('\n').append(detail.render());
        }
        return out.toString();
    }

    /** {@code per_task_length} when a benchmark's samples have few distinct target lengths, else {@code per_task_bucket}. */
    private static String detailGrouping(JsonNode benchmark) {
        Set<String> lengths = new java.util.HashSet<>();
        benchmark.path("per_task_length").forEach(task -> task.fieldNames().forEachRemaining(lengths::add));
        return !lengths.isEmpty() && lengths.size() <= MAX_LENGTH_ROWS ? "per_task_length" : "per_task_bucket";
    }

    private static String mib(double bytes) {
        return bytes < 0 ? "-" : fixed(bytes / (1024 * 1024), 2);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
