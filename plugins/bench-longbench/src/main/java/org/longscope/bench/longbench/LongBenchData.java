package org.longscope.bench.longbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.longscope.api.InvalidInputException;

/**
 * Reads one task of LongBench's {@code data.zip}, as the hub serves it: JSON Lines in
 * {@code data/<task>.jsonl} (LongBench-E: {@code data/<task>_e.jsonl}), one item per line with the
 * fields {@code input}, {@code context}, {@code answers}, {@code length}, {@code all_classes} and
 * {@code _id}. A broken line is an error naming the archive entry, the line and the field.
 */
final class LongBenchData {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One item.
     *
     * @param length     upstream's {@code length}: words (characters for Chinese) of the context
     * @param allClasses the label set of the classification tasks (trec, lsht), else empty
     */
    record Item(String id, int line, String input, String context, List<String> answers, int length,
                List<String> allClasses) {
    }

    private LongBenchData() {
    }

    static String entry(LongBenchTask task, boolean longBenchE) {
        return "data/" + task.id + (longBenchE ? "_e" : "") + ".jsonl";
    }

    static List<Item> read(Path zip, LongBenchTask task, boolean longBenchE) throws IOException {
        String entryName = entry(task, longBenchE);
        String where = zip.getFileName() + "!" + entryName;
        try (ZipFile archive = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = archive.getEntry(entryName);
            if (entry == null) {
                throw new InvalidInputException(zip.getFileName().toString(), "has no entry " + entryName
                        + "; expected LongBench's data.zip with data/<task>.jsonl and data/<task>_e.jsonl");
            }
            List<Item> items = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(archive.getInputStream(entry),
                    StandardCharsets.UTF_8))) {
                String text;
                int line = 0;
                while ((text = in.readLine()) != null) {
                    line++;
                    if (!text.isBlank()) {
                        items.add(item(parse(where, line, text), where, line));
                    }
                }
            }
            return items;
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(zip.getFileName().toString(), "is not a readable zip archive: " + e.getMessage());
        }
    }

    private static JsonNode parse(String where, int line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(where + " line " + line, "expected a JSON object per line");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + " line " + line, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Item item(JsonNode node, String where, int line) {
        String at = where + " line " + line;
        JsonNode length = node.get("length");
        if (length == null || !length.canConvertToInt()) {
            throw new InvalidInputException(at + ": field 'length'", "missing or not an integer");
        }
        JsonNode classes = node.get("all_classes");
        List<String> allClasses = classes == null || classes.isNull() ? List.of() : strings(classes, at, "all_classes");
        List<String> answers = strings(node.get("answers"), at, "answers");
        if (answers.isEmpty()) {
            throw new InvalidInputException(at + ": field 'answers'", "expected at least one reference answer");
        }
        return new Item(text(node, at, "_id"), line, text(node, at, "input"), text(node, at, "context"), answers,
                length.asInt(), allClasses);
    }

    private static String text(JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidInputException(at + ": field '" + field + "'", value == null ? "missing; expected a string"
                    : "expected a string, got " + value.getNodeType().toString().toLowerCase());
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode value, String at, String field) {
        if (value == null || !value.isArray()) {
            throw new InvalidInputException(at + ": field '" + field + "'",
                    value == null ? "missing; expected a list of strings" : "expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidInputException(at + ": field '" + field + "[" + i + "]'", "expected a string");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }
}
