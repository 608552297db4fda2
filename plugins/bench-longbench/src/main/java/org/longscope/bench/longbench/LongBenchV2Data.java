package org.longscope.bench.longbench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;

/**
 * LongBench v2's {@code data.json}, one JSON array of 503 items whose contexts run to hundreds of
 * megabytes in all: read as a stream, never whole, and twice when a subset is drawn (the strata
 * without the contexts, then the chosen items). Errors name the file, the item and the field.
 */
final class LongBenchV2Data {
    static final List<String> FIELDS = List.of("_id", "domain", "sub_domain", "difficulty", "length", "question",
            "choice_A", "choice_B", "choice_C", "choice_D", "answer", "context");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LongBenchV2Data() {
    }

    /** Each item's {@code difficulty/length}, in file order; the contexts are skipped undecoded. */
    static List<String> strata(Path file) throws IOException {
        List<String> strata = new ArrayList<>();
        eachItem(file, (index, in) -> {
            JsonNode fields = withoutContext(in);
            strata.add(field(fields, file, index, "difficulty") + "/" + field(fields, file, index, "length"));
        });
        return strata;
    }

    /** The fields of the items at {@code indices} (all fields are strings), with their {@code index}. */
    static List<Map<String, Object>> read(Path file, Set<Integer> indices) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        eachItem(file, (index, in) -> {
            if (!indices.contains(index)) {
                in.skipChildren();
                return;
            }
            JsonNode item = JSON.readTree(in);
            Map<String, Object> data = new LinkedHashMap<>();
            for (String field : FIELDS) {
                data.put(field, field(item, file, index, field));
            }
            data.put("index", index);
            items.add(data);
        });
        return items;
    }

    private interface ItemReader {
        void read(int index, JsonParser in) throws IOException;
    }

    /** Calls {@code reader} at the start of each object of the file's top-level array. */
    private static void eachItem(Path file, ItemReader reader) throws IOException {
        try (JsonParser in = JSON.createParser(file.toFile())) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(file.getFileName().toString(), "expected a JSON array of items");
            }
            int index = 0;
            for (JsonToken token; (token = in.nextToken()) != JsonToken.END_ARRAY; index++) {
                if (token != JsonToken.START_OBJECT) {
                    throw new InvalidInputException(file.getFileName() + " item " + index, "expected an object, got " + token);
                }
                reader.read(index, in);
            }
        }
    }

    /** One item's fields but the context, whose text the parser skips without decoding. */
    private static JsonNode withoutContext(JsonParser in) throws IOException {
        ObjectNode fields = JSON.createObjectNode();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            if (name.equals("context")) {
                in.skipChildren();
            } else {
                fields.set(name, JSON.readTree(in));
            }
        }
        return fields;
    }

    private static String field(JsonNode item, Path file, int index, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidInputException(file.getFileName() + " item " + index + ": field '" + field + "'",
                    value == null ? "missing; expected a string" : "expected a string, got " + value.getNodeType());
        }
        return value.asText();
    }
}
