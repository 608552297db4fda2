package org.longscope.bench.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/** Typed access to task parameters, with errors that name the parameter and what was expected. */
public final class Params {
    private final String prefix;
    private final Map<String, Object> values;

    public Params(String benchmark, String task, Map<String, Object> values) {
        this.prefix = benchmark + "." + task + ".params.";
        this.values = values == null ? Map.of() : values;
    }

    public String string(String name, String fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new InvalidInputException(prefix + name, "expected a string, got " + v);
        }
        return s;
    }

    public int integer(String name, int fallback, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.strip().matches("-?\\d+")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new InvalidInputException(prefix + name, "expected an integer, got " + v);
        }
        if (n < min || n > max) {
            throw new InvalidInputException(prefix + name, "expected an integer in [" + min + ", " + max + "], got " + n);
        }
        return (int) n;
    }

    public double number(String name, double fallback, double min, double max) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double d;
        if (v instanceof Number num) {
            d = num.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(prefix + name, "expected a number, got " + v);
            }
        }
        if (!(d >= min && d <= max)) {
            throw new InvalidInputException(prefix + name, "expected a number in [" + min + ", " + max + "], got " + v);
        }
        return d;
    }

    /** A list of numbers (or a single number) in [min, max]. */
    public List<Double> numbers(String name, List<Double> fallback, double min, double max) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        List<?> raw = v instanceof List<?> l ? l : List.of(v);
        if (raw.isEmpty()) {
            throw new InvalidInputException(prefix + name, "expected a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object o = raw.get(i);
            double d;
            if (o instanceof Number num) {
                d = num.doubleValue();
            } else {
                try {
                    d = Double.parseDouble(String.valueOf(o).strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(prefix + name + "[" + i + "]", "expected a number, got " + o);
                }
            }
            if (!(d >= min && d <= max)) {
                throw new InvalidInputException(prefix + name + "[" + i + "]",
                        "expected a number in [" + min + ", " + max + "], got " + o);
            }
            out.add(d);
        }
        return out;
    }

    public void requireKnown(java.util.Set<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new InvalidInputException(prefix + k, "unknown parameter; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }
}
