package org.longscope.bench.longbench;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code str.strip()}: removes the characters {@code str.isspace()} accepts, which Java's strip() does not all accept. */
final class PythonText {
    private PythonText() {
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.split()}: the runs of non-whitespace, by Python's whitespace. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            if (isSpace(s.charAt(i))) {
                if (start >= 0) {
                    words.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(s.substring(start));
        }
        return words;
    }

    /** Python's whitespace: bidirectional types WS, B and S, plus the separators Zs, Zl and Zp. */
    static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f') || c == '\u0085'
                || Character.isSpaceChar(c);
    }
}
