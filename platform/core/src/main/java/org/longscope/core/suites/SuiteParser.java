package org.longscope.core.suites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.longscope.api.InvalidInputException;
import org.longscope.api.spec.BenchmarkSpec;
import org.longscope.core.json.Json;
import org.longscope.core.spec.Sizes;

/**
 * Reads a suite document: {@code name}, {@code description} and a {@code benchmarks} list in the
 * run spec's format ({@code id, tasks, lengths, samples, seed, params}; lengths as integers or
 * sizes like {@code 8k} with k = 1024). Every error names the source and the field path.
 */
final class SuiteParser {
    static final Set<String> ROOT_FIELDS = Set.of("name", "description", "benchmarks");
    static final Set<String> BENCHMARK_FIELDS = Set.of("id", "tasks", "lengths", "samples", "seed", "params");
    private static final ObjectMapper YAML = new YAMLMapper();
    /** The run engine's rule for run names, which a suite's name becomes by default. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String source;

    private SuiteParser(String source) {
        this.source = source;
    }

    /**
     * @param document    YAML (or JSON, a subset of YAML)
     * @param source      where it came from, named in errors
     * @param defaultName the name when the document has none (its file name without extension)
     */
    static Suite parse(String document, String source, String defaultName) {
        SuiteParser parser = new SuiteParser(source);
        JsonNode root;
        try {
            root = YAML.readTree(document);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        return parser.suite(root, defaultName);
    }

    private Suite suite(JsonNode root, String defaultName) {
        if (root == null || !root.isObject()) {
            throw error("", "expected a mapping with fields " + new TreeSet<>(ROOT_FIELDS));
        }
        requireKnownFields(root, "", ROOT_FIELDS);
        String name = root.has("name") ? text(root.get("name"), "name") : sanitize(defaultName);
        if (!NAME.matcher(name).matches()) {
            throw error("name", "expected letters, digits, '.', '_' or '-' (at most 64; it becomes the run name), got \""
                    + name + "\"");
        }
        String description = root.has("description") ? text(root.get("description"), "description").strip() : "";
        JsonNode list = root.get("benchmarks");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw error("benchmarks", "expected a non-empty list of benchmarks");
        }
        List<BenchmarkSpec> benchmarks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            benchmarks.add(benchmark(list.get(i), "benchmarks[" + i + "]"));
        }
        return new Suite(name, description, benchmarks, source);
    }

    private BenchmarkSpec benchmark(JsonNode node, String path) {
        if (node.isTextual()) {
            return new BenchmarkSpec(text(node, path), List.of(), List.of(), 0, 0, Map.of());
        }
        if (!node.isObject()) {
            throw error(path, "expected a benchmark id or a mapping with fields " + new TreeSet<>(BENCHMARK_FIELDS));
        }
        requireKnownFields(node, path, BENCHMARK_FIELDS);
        if (!node.has("id")) {
            throw error(path + ".id", "required: the benchmark's id, e.g. ruler");
        }
        String id = text(node.get("id"), path + ".id");
        List<String> tasks = new ArrayList<>();
        List<JsonNode> taskNodes = list(node.get("tasks"), path + ".tasks", "a list of task names");
        for (int i = 0; i < taskNodes.size(); i++) {
            tasks.add(text(taskNodes.get(i), path + ".tasks[" + i + "]"));
        }
        List<Integer> lengths = new ArrayList<>();
        List<Integer> windowPercents = new ArrayList<>();
        List<JsonNode> lengthNodes = list(node.get("lengths"), path + ".lengths", "a list of lengths like 4k or 50%");
        for (int i = 0; i < lengthNodes.size(); i++) {
            JsonNode length = lengthNodes.get(i);
            if (length.isTextual() && length.asText().strip().endsWith("%")) {
                int percent = Sizes.percentOfWindow(length.asText());
                if (percent < 0) {
                    throw error(path + ".lengths[" + i + "]", "expected a percentage of the model's window from 1% to 100%, got "
                            + length);
                }
                windowPercents.add(percent);
            } else {
                lengths.add(size(length, path + ".lengths[" + i + "]"));
            }
        }
        int samples = (int) integer(node.get("samples"), path + ".samples", 0, Integer.MAX_VALUE);
        long seed = integer(node.get("seed"), path + ".seed", Long.MIN_VALUE, Long.MAX_VALUE);
        return new BenchmarkSpec(id, tasks, lengths, samples, seed, params(node.get("params"), path + ".params"),
                windowPercents);
    }

    private Map<String, Object> params(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw error(path, "expected a mapping of parameter names to values");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                throw error(path + "." + e.getKey(), "expected a value, got null");
            }
            params.put(e.getKey(), Json.toPlain(e.getValue())); // the same values a run spec's params get
        }
        return params;
    }

    private void requireKnownFields(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw error(path.isEmpty() ? field : path + "." + field,
                        "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }

    private List<JsonNode> list(JsonNode node, String path, String expected) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "expected " + expected + ", got " + node);
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private String text(JsonNode node, String path) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw error(path, "expected a non-empty string, got " + node);
        }
        return node.asText();
    }

    private long integer(JsonNode node, String path, long min, long max) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw error(path, "expected an integer" + (min == 0 ? " >= 0" : "") + ", got " + node);
        }
        return node.asLong();
    }

    /** A file name turned into a valid suite name: other characters become '-'. */
    private static String sanitize(String fileName) {
        String name = fileName.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        name = name.length() > 64 ? name.substring(0, 64) : name;
        return name.isEmpty() ? "suite" : name;
    }

    /** A positive token count: an integer or a size like {@code 8k} (k = 1024). */
    static int size(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1024;
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long value = Long.parseLong(t) * factor;
        return value > 0 && value <= Integer.MAX_VALUE ? (int) value : -1;
    }

    private int size(JsonNode node, String path) {
        int value = -1;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            value = node.asInt() > 0 ? node.asInt() : -1;
        } else if (node.isTextual()) {
            value = size(node.asText());
        }
        if (value < 0) {
            throw error(path, "expected a positive integer or a size like 8k, got " + node);
        }
        return value;
    }

    private InvalidInputException error(String path, String message) {
        return new InvalidInputException(path.isEmpty() ? source : source + ": " + path, message);
    }
}
