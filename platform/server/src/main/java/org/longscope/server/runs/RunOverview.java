package org.longscope.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run list shows besides the status: the model, the KV methods and the benchmarks, read
 * from the run's {@code spec.json}. A run whose spec cannot be read is listed without them.
 */
public final class RunOverview {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunOverview() {
    }

    /** {@code created}, {@code model}, {@code methods}, {@code benchmarks} and {@code truncation} of a run directory. */
    public static Map<String, Object> of(Path runDirectory) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode document;
        try {
            document = JSON.readTree(runDirectory.resolve("spec.json").toFile());
        } catch (IOException e) {
            return m;
        }
        m.put("created", document.path("created").asText(null));
        JsonNode spec = document.path("spec");
        JsonNode model = spec.path("model");
        String where = model.path("path").asText(model.path("ref").asText(""));
        m.put("model", lastSegment(where));
        List<String> methods = new ArrayList<>();
        for (JsonNode kv : spec.path("kv")) {
            methods.add(label(kv));
        }
        m.put("methods", methods.isEmpty() ? List.of("full") : methods);
        List<String> benchmarks = new ArrayList<>();
        for (JsonNode b : spec.path("benchmarks")) {
            benchmarks.add(b.path("id").asText());
        }
        m.put("benchmarks", benchmarks);
        m.put("truncation", spec.path("settings").path("truncation").asText("middle"));
        return m;
    }

    /** The method as samples and summaries name it: {@code id} or {@code id:k=v,...}. */
    static String label(JsonNode kv) {
        StringBuilder s = new StringBuilder(kv.path("id").asText());
        String separator = ":";
        for (var field : kv.path("params").properties()) {
            s.append(separator).append(field.getKey()).append('=').append(field.getValue().asText());
            separator = ",";
        }
        return s.toString();
    }

    private static String lastSegment(String where) {
        String trimmed = where.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
