package org.longscope.api.kv;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/**
 * One parameter of a method: its name, type, default and valid range, so specs, CLI and REST can
 * list and validate parameters uniformly.
 *
 * @param name         parameter name, e.g. {@code budget}
 * @param type         value type
 * @param defaultValue default (Integer, Double, Boolean or String matching the type); may be
 *                     {@code null} only when the method derives it from other parameters
 * @param min          inclusive lower bound for numbers, or {@code null}
 * @param max          inclusive upper bound for numbers, or {@code null}
 * @param choices      allowed values for {@link Type#CHOICE}, else empty
 * @param description  one line for help texts
 */
public record ParamSpec(
        String name, Type type, Object defaultValue, Double min, Double max, List<String> choices,
        String description) {

    public enum Type { INT, DOUBLE, BOOLEAN, STRING, CHOICE }

    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static ParamSpec integer(String name, Integer defaultValue, long min, long max, String description) {
        return new ParamSpec(name, Type.INT, defaultValue, (double) min, (double) max, List.of(), description);
    }

    public static ParamSpec decimal(String name, Double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, Type.DOUBLE, defaultValue, min, max, List.of(), description);
    }

    public static ParamSpec bool(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, Type.BOOLEAN, defaultValue, null, null, List.of(), description);
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, defaultValue, null, null, choices, description);
    }

    public static ParamSpec string(String name, String defaultValue, String description) {
        return new ParamSpec(name, Type.STRING, defaultValue, null, null, List.of(), description);
    }

    /** The valid range in words, for error messages and help. */
    public String rangeText() {
        return switch (type) {
            case INT -> "an integer in [" + (long) (double) min + ", " + (long) (double) max + "]";
            case DOUBLE -> "a number in [" + min + ", " + max + "]";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + choices;
            case STRING -> "a string";
        };
    }

    /**
     * Converts and validates a raw value (a string from the CLI or a typed value from JSON).
     *
     * @param owner method id, used in the error location ({@code snapkv.budget})
     * @throws InvalidInputException naming the parameter and the valid range
     */
    public Object convert(String owner, Object raw) {
        String where = owner + "." + name;
        String text = String.valueOf(raw).trim();
        try {
            return switch (type) {
                case INT -> {
                    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                    if (d != Math.rint(d) || d < min || d > max) {
                        throw new NumberFormatException();
                    }
                    yield (int) d;
                }
                case DOUBLE -> {
                    double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                    if (Double.isNaN(d) || d < min || d > max) {
                        throw new NumberFormatException();
                    }
                    yield d;
                }
                case BOOLEAN -> {
                    if (raw instanceof Boolean b) {
                        yield b;
                    }
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(text);
                }
                case CHOICE -> {
                    if (!choices.contains(text)) {
                        throw new NumberFormatException();
                    }
                    yield text;
                }
                case STRING -> text;
            };
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where, "expected " + rangeText() + ", got '" + raw + "'");
        }
    }

    /**
     * Resolves a full parameter map: every spec's value from {@code given} (converted) or its
     * default; a name in {@code given} that no spec declares is refused, listing the known names.
     */
    public static Map<String, Object> resolve(String owner, List<ParamSpec> specs, Map<String, Object> given) {
        Map<String, Object> resolved = new java.util.LinkedHashMap<>();
        for (String key : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                throw new InvalidInputException(owner + "." + key, "unknown parameter; " + owner + " takes "
                        + specs.stream().map(ParamSpec::name).toList());
            }
        }
        for (ParamSpec spec : specs) {
            Object raw = given.get(spec.name());
            resolved.put(spec.name(), raw == null ? spec.defaultValue() : spec.convert(owner, raw));
        }
        return resolved;
    }
}
