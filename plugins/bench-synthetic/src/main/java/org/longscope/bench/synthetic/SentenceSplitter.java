package org.longscope.bench.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits English prose into sentences: after '.', '!' or '?' (and closing quotes or brackets)
 * followed by whitespace and an upper-case letter, a digit or an opening quote, unless the word
 * before is a known abbreviation or a single capital (an initial). A small stand-in for NLTK's
 * Punkt, which RULER uses.
 */
public final class SentenceSplitter {
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "rev", "prof", "vs",
            "no", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
            "nov", "dec", "u.s", "u.n", "e.g", "i.e", "etc", "ft", "mt", "messrs", "hon", "lt", "col",
            "capt", "sgt", "adm", "d.c", "a.m", "p.m");

    private SentenceSplitter() {
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?') {
                continue;
            }
            int end = i + 1;
            while (end < n && "\"'”’)]".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            if (end >= n || !Character.isWhitespace(text.charAt(end))) {
                continue;
            }
            int next = end;
            while (next < n && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            if (next >= n) {
                break;
            }
            char first = text.charAt(next);
            if (!(Character.isUpperCase(first) || Character.isDigit(first) || "\"“'‘(".indexOf(first) >= 0)) {
                continue;
            }
            if (c == '.' && isAbbreviation(text, start, i)) {
                continue;
            }
            add(out, text.substring(start, end));
            start = next;
            i = next - 1;
        }
        if (start < n) {
            add(out, text.substring(start));
        }
        return out;
    }

    private static boolean isAbbreviation(String text, int from, int dot) {
        int w = dot;
        while (w > from && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.substring(w, dot).toLowerCase(java.util.Locale.ROOT).replaceAll("^[\"“'‘(]+", "");
        return ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(word.charAt(0)));
    }

    private static void add(List<String> out, String sentence) {
        String s = sentence.strip().replaceAll("\\s+", " ");
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
