package org.longscope.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.core.json.Json;

/**
 * A node of a spec document with its field path ({@code benchmarks[1].lengths[0]}), so every
 * validation error names exactly where it is and what was expected.
 */
record SpecNode(JsonNode node, String path) {

    boolean absent() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    SpecNode field(String name) {
        return new SpecNode(node == null ? null : node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    InvalidInputException error(String expected) {
        return new InvalidInputException(path, "expected " + expected + ", got " + describe());
    }

    private String describe() {
        if (absent()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return '"' + node.asText() + '"';
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    /** Refuses fields not in {@code known}, listing the known ones. */
    SpecNode requireObject(Set<String> known) {
        if (!node.isObject()) {
            throw error("an object with fields " + sorted(known));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidInputException(path.isEmpty() ? name : path + "." + name,
                        "unknown field; known fields are " + sorted(known));
            }
        }
        return this;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    String text(String defaultValue) {
        if (absent()) {
            return defaultValue;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw error("a non-empty string");
        }
        return node.asText().strip();
    }

    String requiredText() {
        String value = text(null);
        if (value == null) {
            throw error("a non-empty string");
        }
        return value;
    }

    boolean bool(boolean defaultValue) {
        if (absent()) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw error("true or false");
    }

    long integer(long defaultValue, long min, long max) {
        if (absent()) {
            return defaultValue;
        }
        String range = min == Long.MIN_VALUE ? "an integer" : "an integer >= " + min;
        if (max < Integer.MAX_VALUE) {
            range = "an integer in [" + min + ", " + max + "]";
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isTextual() && node.asText().strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(node.asText().strip());
        } else {
            throw error(range);
        }
        if (value < min || value > max) {
            throw error(range);
        }
        return value;
    }

    double number(double defaultValue, double min, double max, String range) {
        if (absent()) {
            return defaultValue;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else {
            try {
                value = node.isTextual() ? Double.parseDouble(node.asText().strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
        }
        if (Double.isNaN(value) || value < min || value > max) {
            throw error(range);
        }
        return value;
    }

    /** Whether this is a length written as a percentage of the model's window, like {@code 50%}. */
    boolean isPercent() {
        return node != null && node.isTextual() && node.asText().strip().endsWith("%");
    }

    /** A percentage of the model's window: {@code 1%} to {@code 100%}. */
    int percent() {
        int value = Sizes.percentOfWindow(node.asText());
        if (value < 0) {
            throw error("a percentage of the model's window from 1% to 100%");
        }
        return value;
    }

    /** A token count: a positive integer or a size like {@code 8k}. */
    int size() {
        String expected = "a positive integer or a size like 8k";
        if (node != null && node.isIntegralNumber()) {
            long v = node.longValue();
            if (v > 0 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
            throw error(expected);
        }
        if (node != null && node.isTextual()) {
            long v = Sizes.parse(node.asText());
            if (v > 0) {
                return (int) v;
            }
        }
        throw error(expected);
    }

    /** The elements of a list; a single scalar counts as a list of one. */
    List<SpecNode> list(String elementDescription) {
        List<SpecNode> items = new ArrayList<>();
        if (absent()) {
            return items;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                items.add(new SpecNode(node.get(i), path + "[" + i + "]"));
            }
            return items;
        }
        if (node.isValueNode()) {
            items.add(this);
            return items;
        }
        throw error("a list of " + elementDescription);
    }

    /** A free-form object (options, params, template variables) as plain Java values. */
    @SuppressWarnings("unchecked")
    Map<String, Object> freeObject() {
        if (absent()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw error("an object of name: value pairs");
        }
        return (Map<String, Object>) Json.toPlain(node);
    }
}
