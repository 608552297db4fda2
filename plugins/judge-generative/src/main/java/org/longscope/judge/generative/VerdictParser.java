package org.longscope.judge.generative;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;

/**
 * Reads a judge's verdict the way Long-RM's {@code extract_judgement} does
 * ({@code evaluate/evaluating/longreward_bench/utils/prompt.py}):
 *
 * <ul>
 *   <li>pairwise: {@code [[A]]} anywhere wins (it is checked first), else {@code [[B]]}, else
 *       unparsed;</li>
 *   <li>best-of-N: an output with 10 or more {@code >} is unparsed; otherwise the first match of
 *       {@code \[[\w\s]+(?:\s*>\s*[\w\s]+)+\]} (Unicode classes, as Python's {@code re}) is split at
 *       {@code >}, "assistant", "Assistant", ":" and spaces removed, the outer brackets stripped; every
 *       piece must be one letter, and the letters must be the first k positions in some order (a
 *       ranking shorter or longer than the candidates is accepted, as upstream does).</li>
 * </ul>
 */
final class VerdictParser {
    private static final Pattern RANKING = Pattern.compile("\\[[\\w\\s]+(?:\\s*>\\s*[\\w\\s]+)+\\]",
            Pattern.UNICODE_CHARACTER_CLASS);

    private VerdictParser() {
    }

    static Verdict parse(JudgeRequest.Mode mode, String output) {
        return mode == JudgeRequest.Mode.PAIRWISE ? pairwise(output) : ranking(output);
    }

    static Verdict pairwise(String output) {
        if (output.contains("[[A]]")) {
            return Verdict.ranked(List.of(0, 1), output);
        }
        if (output.contains("[[B]]")) {
            return Verdict.ranked(List.of(1, 0), output);
        }
        return Verdict.unparsed(output);
    }

    static Verdict ranking(String output) {
        if (output.split(">", -1).length > 10) {
            return Verdict.unparsed(output);
        }
        Matcher m = RANKING.matcher(output);
        if (!m.find()) {
            return Verdict.unparsed(output);
        }
        String[] pieces = m.group().split(">", -1);
        for (int i = 0; i < pieces.length; i++) {
            for (String mark : new String[] {"assistant", "Assistant", ":", " "}) {
                pieces[i] = pieces[i].replace(mark, "");
            }
        }
        pieces[0] = stripLeading(pieces[0], '[');
        pieces[pieces.length - 1] = stripTrailing(pieces[pieces.length - 1], ']');
        List<Integer> positions = new ArrayList<>();
        for (String piece : pieces) {
            if (piece.codePointCount(0, piece.length()) != 1) {
                return Verdict.unparsed(output);
            }
            positions.add(piece.codePointAt(0) - 'A');
        }
        for (int k = 0; k < positions.size(); k++) {
            if (!positions.contains(k)) {
                return Verdict.unparsed(output);
            }
        }
        return Verdict.ranked(positions, output);
    }

    private static String stripLeading(String s, char c) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s, char c) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == c) {
            i--;
        }
        return s.substring(0, i);
    }
}
