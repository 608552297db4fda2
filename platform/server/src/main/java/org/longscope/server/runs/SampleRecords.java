package org.longscope.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The samples of a run for browsing: {@code samples.jsonl} read line by line (never whole), each
 * record cut down to what a list shows, filtered, paged, with the values each filter can take.
 * A record is addressed by its line number, which stays valid while the run appends.
 */
public final class SampleRecords {
    /** What one list row may be narrowed to; {@code null} fields match everything. */
    public record Filter(String benchmark, String task, Integer length, String kv, Outcome outcome) {
    }

    /** A sample's result as the browser groups it; scale-free, since metrics differ in range. */
    public enum Outcome {
        /** Done with a main score above zero. */
        CREDIT,
        /** Done with a main score of zero. */
        NO_CREDIT,
        /** Failed or skipped. */
        FAILED;

        public static Outcome parse(String text) {
            return switch (text) {
                case "credit" -> CREDIT;
                case "no_credit" -> NO_CREDIT;
                case "failed" -> FAILED;
                default -> throw new IllegalArgumentException("outcome: expected credit, no_credit or failed, got '"
                        + text + "'");
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREVIEW_CHARS = 160;

    private final Path samples;
    private final BiFunction<String, String, List<String>> declaredMetrics;

    /**
     * @param samples         the run's {@code samples.jsonl} (may not exist yet)
     * @param declaredMetrics a benchmark's metric names for a task, main one first; empty if unknown
     */
    public SampleRecords(Path samples, BiFunction<String, String, List<String>> declaredMetrics) {
        this.samples = samples;
        // asked once per benchmark and task, not once per line of a large file
        Map<String, List<String>> known = new java.util.HashMap<>();
        this.declaredMetrics = (benchmark, task) -> known.computeIfAbsent(benchmark + "\u0000" + task,
                k -> declaredMetrics.apply(benchmark, task));
    }

    /** One page of the records that match, with the total counts and every filter's values. */
    public Map<String, Object> query(Filter filter, int offset, int limit) throws IOException {
        List<Map<String, Object>> page = new ArrayList<>();
        Map<String, TreeSet<Object>> facets = new LinkedHashMap<>();
        for (String name : List.of("benchmark", "task", "length", "kv")) {
            facets.put(name, new TreeSet<>());
        }
        int total = 0;
        int matched = 0;
        if (Files.isRegularFile(samples)) {
            try (BufferedReader in = Files.newBufferedReader(samples, StandardCharsets.UTF_8)) {
                int index = -1;
                for (String line; (line = in.readLine()) != null; ) {
                    index++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = parse(line);
                    if (record == null) {
                        continue;
                    }
                    total++;
                    Map<String, Object> row = row(index, record);
                    facets.get("benchmark").add(row.get("benchmark"));
                    facets.get("task").add(row.get("task"));
                    facets.get("length").add(row.get("target_length"));
                    facets.get("kv").add(row.get("kv"));
                    if (matches(filter, row)) {
                        if (matched >= offset && page.size() < limit) {
                            page.add(row);
                        }
                        matched++;
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("total", total);
        result.put("matched", matched);
        result.put("offset", offset);
        result.put("records", page);
        result.put("facets", facets);
        return result;
    }

    /**
     * The record on a line, whole, with what the sample view adds: the main score, the expected
     * answer and the prompt's head and tail.
     *
     * @return {@code null} when there is no record on that line
     */
    public Map<String, Object> one(int index, String truncation) throws IOException {
        if (!Files.isRegularFile(samples) || index < 0) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(samples, StandardCharsets.UTF_8)) {
            String line = null;
            for (int i = 0; i <= index; i++) {
                line = in.readLine();
                if (line == null) {
                    return null;
                }
            }
            JsonNode record = line.isBlank() ? null : parse(line);
            if (record == null) {
                return null;
            }
            Map<String, Object> result = new LinkedHashMap<>(row(index, record));
            result.put("expected", SampleView.expected(record.path("data")));
            result.put("prompt", SampleView.prompt(record, truncation));
            result.put("record", record);
            return result;
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node instanceof ObjectNode ? node : null;
        } catch (IOException e) {
            return null; // a line cut short by a crash; the run's own reader skips it too
        }
    }

    private Map<String, Object> row(int index, JsonNode r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("key", r.path("key").asText());
        m.put("benchmark", r.path("benchmark").asText());
        m.put("task", r.path("task").asText());
        m.put("sample_id", r.path("sample_id").asText());
        m.put("target_length", r.path("target_length").asInt());
        m.put("kv", r.path("kv").asText("full"));
        m.put("status", r.path("status").asText());
        String metric = mainMetric(r);
        m.put("metric", metric);
        m.put("score", metric == null ? null : r.path("metrics").path(metric).asDouble());
        m.put("outcome", outcome(r, metric).name().toLowerCase(java.util.Locale.ROOT));
        JsonNode depth = r.path("data").path("depth");
        m.put("depth", depth.isNumber() ? depth.asDouble() : null);
        m.put("prompt_tokens", r.path("prompt_tokens").asInt());
        m.put("truncated_tokens", r.path("truncated_tokens").asInt());
        m.put("completion_tokens", r.path("completion_tokens").asInt());
        m.put("prefill_ms", r.path("prefill_ns").asLong() / 1e6);
        m.put("decode_ms", r.path("decode_ns").asLong() / 1e6);
        m.put("kv_bytes_resident", r.path("kv_bytes_resident").asLong());
        String response = r.path("response").asText("");
        m.put("response_preview", response.length() <= PREVIEW_CHARS ? response : response.substring(0, PREVIEW_CHARS) + "…");
        m.put("error", r.path("error").isMissingNode() ? null : r.path("error").asText());
        return m;
    }

    /** The task's first declared metric that the record carries, else the record's first metric. */
    private String mainMetric(JsonNode r) {
        JsonNode metrics = r.path("metrics");
        for (String name : declaredMetrics.apply(r.path("benchmark").asText(), r.path("task").asText())) {
            if (metrics.path(name).isNumber()) {
                return name;
            }
        }
        var names = metrics.fieldNames();
        return names.hasNext() ? names.next() : null;
    }

    private static Outcome outcome(JsonNode r, String metric) {
        if (!r.path("status").asText().equals("done") || metric == null) {
            return Outcome.FAILED;
        }
        return r.path("metrics").path(metric).asDouble() > 0 ? Outcome.CREDIT : Outcome.NO_CREDIT;
    }

    private static boolean matches(Filter f, Map<String, Object> row) {
        return (f.benchmark() == null || f.benchmark().equals(row.get("benchmark")))
                && (f.task() == null || f.task().equals(row.get("task")))
                && (f.length() == null || f.length().equals(row.get("target_length")))
                && (f.kv() == null || f.kv().equals(row.get("kv")))
                && (f.outcome() == null || f.outcome().name().toLowerCase(java.util.Locale.ROOT).equals(row.get("outcome")));
    }
}
