package org.longscope.core.spec;

import java.util.Locale;

/** Token counts written as plain integers or with a k suffix (k = 1024): {@code 4096}, {@code 8k}, {@code 128K}. */
public final class Sizes {
    private Sizes() {
    }

    /** The size, or -1 when the text is not a positive size. */
    public static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1024;
            t = t.substring(0, t.length() - 1).strip();
        } else if (t.endsWith("m")) {
            factor = 1024 * 1024;
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 12) {
            return -1;
        }
        long value = Long.parseLong(t) * factor;
        return value > 0 && value <= Integer.MAX_VALUE ? value : -1;
    }

    /** A length as a percentage of the model's window, {@code 1%} to {@code 100%}: the number, or -1 when the text is not one. */
    public static int percentOfWindow(String text) {
        String t = text.strip();
        if (!t.endsWith("%")) {
            return -1;
        }
        t = t.substring(0, t.length() - 1).strip();
        if (t.isEmpty() || t.length() > 3 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int value = Integer.parseInt(t);
        return value >= 1 && value <= 100 ? value : -1;
    }

    /** Short form for labels: 8192 -> 8k, 1000 -> 1000. */
    public static String format(long tokens) {
        return tokens % 1024 == 0 && tokens > 0 ? tokens / 1024 + "k" : Long.toString(tokens);
    }
}
