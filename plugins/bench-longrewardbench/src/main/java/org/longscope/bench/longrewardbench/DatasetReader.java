package org.longscope.bench.longrewardbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.ChatMessage;

/**
 * Reads one Long-RewardBench task file (JSON Lines) as Long-RM's {@code preprocess.py} does: every
 * line is one item; items whose {@code tasktype} is set and not among the selected formats are
 * dropped; the survivors are numbered from 0 ({@code index}). A line that upstream would crash on
 * (not JSON, a missing field, a field of the wrong type) is an error naming the file, the line
 * and the field.
 */
final class DatasetReader {
    static final String PAIRWISE = "PairWise";
    static final String BEST_OF_N = "BestOfN";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One item as the evaluator sees it.
     *
     * @param tasktype {@code PairWise}, {@code BestOfN}, or {@code null} when the line has none (then a pair)
     * @param subtype  the subtype as Python's {@code str()} prints it ({@code "None"} when absent)
     * @param answers  {@code [chosen, rejected]} for a pair, else the candidates, best first
     */
    record Item(int index, int line, String source, String tasktype, String subtype, String ctxLength,
                List<ChatMessage> prompt, List<String> answers) {

        boolean bestOfN() {
            return BEST_OF_N.equals(tasktype);
        }
    }

    private DatasetReader() {
    }

    static List<Item> read(Path file, Set<String> formats) throws IOException {
        String name = file.getFileName().toString();
        List<Item> items = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                JsonNode node = parse(name, line, text);
                String tasktype = optionalText(node, "tasktype", name, line);
                if (tasktype != null && !tasktype.isEmpty() && !formats.contains(tasktype)) {
                    continue;
                }
                items.add(item(node, items.size(), name, line, tasktype == null || tasktype.isEmpty() ? null : tasktype));
            }
        }
        return items;
    }

    private static JsonNode parse(String name, int line, String text) {
        if (text.isBlank()) {
            throw new InvalidInputException(where(name, line), "an empty line; expected a JSON object per line");
        }
        try {
            JsonNode node = JSON.readTree(text.strip());
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(where(name, line), "expected a JSON object per line, got "
                        + (node == null ? "an empty line" : node.getNodeType().toString().toLowerCase()));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where(name, line), "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Item item(JsonNode node, int index, String name, int line, String tasktype) {
        List<ChatMessage> prompt = promptTemplate(node, name, line);
        String source = text(node, "source", name, line);
        String ctxLength = text(node, "ctx_length_for_length", name, line);
        JsonNode subtypeNode = node.get("subtype");
        String subtype = subtypeNode == null || subtypeNode.isNull() ? "None" : subtypeNode.asText();
        List<String> answers;
        if (BEST_OF_N.equals(tasktype)) {
            answers = strings(node, "candidates", name, line);
            if (answers.size() < 2) {
                throw new InvalidInputException(where(name, line) + ": field 'candidates'",
                        "a BestOfN item ranks at least 2 candidates, got " + answers.size());
            }
        } else {
            JsonNode candidates = node.get("candidates");
            if (PAIRWISE.equals(tasktype) && candidates != null && candidates.isArray() && candidates.size() != 2) {
                throw new InvalidInputException(where(name, line) + ": field 'candidates'", "a PairWise item compares 2 "
                        + "responses (chosen and rejected), but it lists " + candidates.size() + " candidates");
            }
            answers = List.of(text(node, "chosen", name, line), text(node, "rejected", name, line));
        }
        return new Item(index, line, source, tasktype, subtype, ctxLength, prompt, answers);
    }

    private static List<ChatMessage> promptTemplate(JsonNode node, String name, int line) {
        JsonNode template = node.get("prompt_template");
        String field = where(name, line) + ": field 'prompt_template'";
        if (template == null || template.isNull()) {
            throw new InvalidInputException(field, "missing; expected a list of {role, content} messages");
        }
        if (!template.isArray() || template.isEmpty()) {
            throw new InvalidInputException(field, "expected a non-empty list of {role, content} messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < template.size(); i++) {
            JsonNode m = template.get(i);
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (role == null || !role.isTextual() || role.asText().isBlank() || content == null || !content.isTextual()) {
                throw new InvalidInputException(field + "[" + i + "]", "expected {role: string, content: string}");
            }
            messages.add(new ChatMessage(role.asText(), content.asText()));
        }
        return messages;
    }

    private static String text(JsonNode node, String field, String name, int line) {
        String value = optionalText(node, field, name, line);
        if (value == null) {
            throw new InvalidInputException(where(name, line) + ": field '" + field + "'", "missing; expected a string");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String name, int line) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(where(name, line) + ": field '" + field + "'",
                    "expected a string, got " + value.getNodeType().toString().toLowerCase());
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String field, String name, int line) {
        JsonNode value = node.get(field);
        String where = where(name, line) + ": field '" + field + "'";
        if (value == null || value.isNull()) {
            throw new InvalidInputException(where, "missing; expected a list of strings");
        }
        if (!value.isArray()) {
            throw new InvalidInputException(where, "expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidInputException(where + "[" + i + "]", "expected a string");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    private static String where(String name, int line) {
        return name + " line " + line;
    }
}
