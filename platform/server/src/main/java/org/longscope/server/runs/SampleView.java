package org.longscope.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sample page shows of a stored record beside its fields: the expected answer and the
 * prompt's head and tail. Adapters keep the answers under their own names in the sample's
 * {@code data}; these are the names the bundled adapters use.
 */
final class SampleView {
    /** Data fields holding the reference answers: RULER, pass key and NIAH; LongBench; LongBench v2. */
    private static final List<String> EXPECTED_FIELDS = List.of("outputs", "answers", "answer", "expected");
    /** Data fields that make up the prompt's text, in prompt order, for records kept without an excerpt. */
    private static final List<String> PROMPT_FIELDS = List.of("system", "context", "input", "question");

    private SampleView() {
    }

    /** The reference answers, as text; empty when the adapter keeps none under a known name. */
    static List<String> expected(JsonNode data) {
        List<String> answers = new ArrayList<>();
        for (String field : EXPECTED_FIELDS) {
            JsonNode value = data.path(field);
            if (value.isArray()) {
                value.forEach(v -> answers.add(v.isTextual() ? v.asText() : v.toString()));
            } else if (value.isValueNode() && !value.isNull()) {
                answers.add(value.asText());
            }
            if (!answers.isEmpty()) {
                break;
            }
        }
        return answers;
    }

    /**
     * The head and tail of the prompt the model read, the characters between them, and the tokens
     * the run's truncation removed. Records written before prompt excerpts were kept show their
     * stored text fields instead (long ones are shortened there, marked {@code ...[N chars]}).
     */
    static Map<String, Object> prompt(JsonNode record, String truncation) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode excerpt = record.path("prompt");
        if (excerpt.isObject()) {
            String head = excerpt.path("head").asText();
            String tail = excerpt.path("tail").asText();
            int chars = excerpt.path("chars").asInt();
            m.put("head", head);
            m.put("tail", tail);
            m.put("omitted_chars", Math.max(0, chars - head.length() - tail.length()));
            m.put("chars", chars);
            m.put("stored_fields", false);
        } else {
            String text = storedText(record.path("data"));
            m.put("head", text);
            m.put("tail", "");
            m.put("omitted_chars", 0);
            m.put("chars", text.length());
            m.put("stored_fields", true);
        }
        m.put("prompt_tokens", record.path("prompt_tokens").asInt());
        m.put("truncated_tokens", record.path("truncated_tokens").asInt());
        m.put("truncation", truncation);
        return m;
    }

    private static String storedText(JsonNode data) {
        StringBuilder text = new StringBuilder();
        for (String field : PROMPT_FIELDS) {
            JsonNode value = data.path(field);
            if (value.isTextual() && !value.asText().isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(value.asText());
            }
        }
        if (text.isEmpty() && data.path("prompt").isArray()) {
            for (JsonNode message : data.path("prompt")) {
                text.append(text.isEmpty() ? "" : "\n\n").append('[').append(message.path("role").asText()).append("]\n")
                        .append(message.path("content").asText());
            }
        }
        return text.toString();
    }
}
