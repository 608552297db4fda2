package org.longscope.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.kv.KvMethodSpec;

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
            if (!kv.path("id").asText().isBlank()) {
                methods.add(label(kv));
            }
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
        Map<String, Object> params = new LinkedHashMap<>();
        kv.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        return new KvMethodSpec(kv.path("id").asText(), params).label();
    }

    private static String lastSegment(String where) {
        String trimmed = where.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
