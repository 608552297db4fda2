package org.longscope.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.spec.ModelSpec;

/**
 * What {@code /v1} serves ({@code longscope serve --models serve.yaml}):
 *
 * <pre>
 * queue: 8                               # requests that may wait per model beyond the one running
 * models:
 *   - id: byte-llama                     # the "model" clients send
 *     model: {backend: native, ref: models/longscope-byte-llama}   # default: the default model
 *   - id: byte-llama+snapkv-128
 *     model: {ref: models/longscope-byte-llama}
 *     kv: snapkv:budget=128,kernel=15    # the KV method of every request to this id
 * </pre>
 *
 * Without a file, the default model is served as {@code default} with the full cache. Every error
 * names the file and the field.
 *
 * @param models the served models by id, in the file's order
 * @param queue  waiting requests per model; one more is answered 429
 */
record ServerConfig(Map<String, Served> models, int queue) {
    static final int DEFAULT_QUEUE = 8;

    /** One served id: the model to open and the KV method its requests use unless they name one. */
    record Served(String id, ModelSpec model, KvMethodSpec kv) {
    }

    static ServerConfig defaults() {
        return new ServerConfig(Map.of("default", new Served("default", null, null)), DEFAULT_QUEUE);
    }

    static ServerConfig read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "expected a YAML server config: " + e.getMessage());
        }
        String where = file.toString();
        requireFields(root, where, Set.of("queue", "models"));
        int queue = DEFAULT_QUEUE;
        if (root.has("queue")) {
            if (!root.get("queue").canConvertToInt() || root.get("queue").asInt() < 0) {
                throw new InvalidInputException(where + ": queue", "expected a whole number >= 0, got " + root.get("queue"));
            }
            queue = root.get("queue").asInt();
        }
        JsonNode list = root.path("models");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(where + ": models", "expected a non-empty list of {id, model, kv}");
        }
        Map<String, Served> models = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + ": models[" + i + "]";
            JsonNode m = list.get(i);
            requireFields(m, at, Set.of("id", "model", "kv"));
            String id = m.path("id").asText("");
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:+/-]{0,127}")) {
                throw new InvalidInputException(at + ".id", "expected letters, digits and . _ : + / -, got " + m.get("id"));
            }
            if (models.put(id, new Served(id, model(m.get("model"), at + ".model"), kv(m.get("kv"), at + ".kv"))) != null) {
                throw new InvalidInputException(at + ".id", "'" + id + "' is served twice");
            }
        }
        return new ServerConfig(models, queue);
    }

    private static ModelSpec model(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new ModelSpec(null, node.asText(), Map.of());
        }
        requireFields(node, at, Set.of("backend", "ref", "options"));
        if (!node.path("ref").isTextual()) {
            throw new InvalidInputException(at + ".ref", "expected a model path, hub id or URL");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        node.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), plain(e.getValue())));
        return new ModelSpec(node.has("backend") ? node.get("backend").asText() : null, node.get("ref").asText(), options);
    }

    private static Object plain(JsonNode value) {
        return value.isIntegralNumber() ? (Object) value.asLong() : value.isNumber() ? (Object) value.asDouble()
                : value.isBoolean() ? (Object) value.asBoolean() : value.asText();
    }

    private static KvMethodSpec kv(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return KvMethodSpec.parse(node.asText());
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidInputException(at, "expected a KV method like snapkv:budget=128, got " + node + ": " + e.getMessage());
        }
    }

    private static void requireFields(JsonNode node, String at, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(at, "expected a mapping with fields " + new java.util.TreeSet<>(known));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidInputException(at + "." + name, "unknown field; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }

    List<String> ids() {
        return new ArrayList<>(models.keySet());
    }
}
