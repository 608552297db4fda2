package org.longscope.core.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few pieces of Jinja2 syntax found in real chat templates that Jinjava parses
 * differently, into equivalent forms it understands:
 * <ul>
 *   <li>reversed slices {@code x[::-1]} (Qwen3 walks messages backwards) become {@code (x|reverse)};</li>
 *   <li>keyword arguments of {@code namespace(...)} get their values parenthesized: Jinjava binds
 *       {@code n=messages|length - 1} as {@code (n=messages|length) - 1};</li>
 *   <li>{@code lstrip_blocks} is applied here with Jinja2's rule (spaces and tabs between the start
 *       of a line and a block tag are removed), because Jinjava's option also strips whitespace
 *       after text on the same line.</li>
 * </ul>
 */
final class TemplateSyntax {

    private static final Pattern REVERSED_SLICE =
            Pattern.compile("([A-Za-z_][\\w.]*(?:\\([^()]*\\))?)\\[\\s*:\\s*:\\s*-1\\s*\\]");
    private static final Pattern NAMESPACE_CALL = Pattern.compile("\\bnamespace\\s*\\(");
    private static final Pattern BLOCK_INDENT = Pattern.compile("(?m)^[ \\t]+(?=\\{%(?![+-]))");
    private static final Pattern KEYWORD = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*=(?!=)");

    private TemplateSyntax() {
    }

    static String normalize(String source) {
        String out = BLOCK_INDENT.matcher(source).replaceAll("");
        out = REVERSED_SLICE.matcher(out).replaceAll("($1|reverse)");
        return parenthesizeNamespaceArguments(out);
    }

    private static String parenthesizeNamespaceArguments(String source) {
        StringBuilder out = new StringBuilder();
        Matcher m = NAMESPACE_CALL.matcher(source);
        int copied = 0;
        while (m.find(copied)) {
            int open = m.end() - 1;
            int close = matchingParen(source, open);
            if (close < 0) {
                break;
            }
            out.append(source, copied, open + 1);
            out.append(rewriteArguments(source.substring(open + 1, close)));
            out.append(')');
            copied = close + 1;
        }
        return out.append(source.substring(copied)).toString();
    }

    private static String rewriteArguments(String args) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i <= args.length(); i++) {
            char c = i < args.length() ? args.charAt(i) : ',';
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String arg = args.substring(start, i);
                Matcher kw = KEYWORD.matcher(arg);
                if (kw.find()) {
                    out.append(arg, 0, kw.end()).append('(').append(arg.substring(kw.end()).strip()).append(')');
                } else {
                    out.append(arg);
                }
                if (i < args.length()) {
                    out.append(',');
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
