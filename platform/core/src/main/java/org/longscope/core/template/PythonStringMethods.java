package org.longscope.core.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods that real chat templates call on strings ({@code .strip()},
 * {@code .split()}, {@code .startswith()}, ...) and that Jinjava lacks: Java's {@link String} has
 * {@code trim}, {@code startsWith} and so on, but not under the Python names. Placed first in the
 * resolver chain; every other call falls through to Jinjava's own resolver.
 */
final class PythonStringMethods extends ELResolver {

    private static final Set<String> METHODS = Set.of(
            "strip", "lstrip", "rstrip", "split", "rsplit", "startswith", "endswith", "replace",
            "upper", "lower", "title", "capitalize", "find", "count", "join", "isdigit", "isspace");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof CharSequence seq) || method == null || !METHODS.contains(method.toString())) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(seq.toString(), method.toString(), args);
        context.setPropertyResolved(true);
        return result;
    }

    static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "strip" -> rstrip(lstrip(s, chars(args)), chars(args));
            case "lstrip" -> lstrip(s, chars(args));
            case "rstrip" -> rstrip(s, chars(args));
            case "split" -> split(s, args);
            case "rsplit" -> rsplit(s, args);
            case "startswith" -> matchesAny(args, s::startsWith);
            case "endswith" -> matchesAny(args, s::endsWith);
            case "replace" -> replace(s, args);
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
            case "find" -> (long) s.indexOf(string(args, 0));
            case "count" -> count(s, string(args, 0));
            case "join" -> join(s, args);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            default -> throw new IllegalStateException(method);
        };
    }

    /** The characters to strip: Python's default (None) is whitespace, represented as null. */
    private static String chars(Object[] args) {
        return args.length == 0 || args[0] == null ? null : args[0].toString();
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && strippable(s.charAt(start), chars)) {
            start++;
        }
        return s.substring(start);
    }

    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && strippable(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<String> split(String s, Object[] args) {
        String sep = chars(args);
        int maxSplit = args.length > 1 ? ((Number) args[1]).intValue() : -1;
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            // Python: runs of whitespace separate, leading/trailing whitespace ignored
            for (String part : s.strip().split("\\s+", maxSplit < 0 ? 0 : maxSplit + 1)) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            return parts;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("split(): empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static List<String> rsplit(String s, Object[] args) {
        String sep = chars(args);
        int maxSplit = args.length > 1 ? ((Number) args[1]).intValue() : -1;
        if (sep == null || maxSplit < 0) {
            return split(s, args);
        }
        List<String> parts = new ArrayList<>();
        int end = s.length();
        while (parts.size() < maxSplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            parts.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        parts.addFirst(s.substring(0, end));
        return parts;
    }

    private static boolean matchesAny(Object[] args, java.util.function.Predicate<String> test) {
        Object arg = args.length == 0 ? "" : args[0];
        if (arg instanceof Iterable<?> options) {
            for (Object o : options) {
                if (test.test(String.valueOf(o))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(String.valueOf(arg));
    }

    private static String replace(String s, Object[] args) {
        String from = string(args, 0);
        String to = string(args, 1);
        int limit = args.length > 2 ? ((Number) args[2]).intValue() : -1;
        if (limit < 0) {
            return s.replace(from, to);
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int n = 0; n < limit; n++) {
            int at = s.indexOf(from, start);
            if (at < 0) {
                break;
            }
            out.append(s, start, at).append(to);
            start = at + from.length();
        }
        return out.append(s.substring(start)).toString();
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean upperNext = true;
        for (char c : s.toCharArray()) {
            out.append(upperNext ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upperNext = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object[] args) {
        List<String> items = new ArrayList<>();
        if (args.length > 0 && args[0] instanceof Iterable<?> it) {
            it.forEach(o -> items.add(String.valueOf(o)));
        }
        return String.join(sep, items);
    }

    private static String string(Object[] args, int i) {
        if (args.length <= i || args[i] == null) {
            throw new IllegalArgumentException("missing string argument " + (i + 1));
        }
        return args[i].toString();
    }

    // Property access is left to the other resolvers.

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
