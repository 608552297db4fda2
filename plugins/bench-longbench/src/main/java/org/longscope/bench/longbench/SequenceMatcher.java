package org.longscope.bench.longbench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code difflib.SequenceMatcher(None, a, b).ratio()} over code points, with its
 * autojunk heuristic (in a {@code b} of 200 or more elements, those occurring more than 1% + 1
 * times are not used to start a match). Upstream's {@code fuzz.ratio} uses it when
 * python-Levenshtein is not installed, as LongBench's requirements leave it.
 */
final class SequenceMatcher {
    private final int[] a;
    private final int[] b;
    private final Map<Integer, List<Integer>> b2j = new HashMap<>();

    private SequenceMatcher(String a, String b) {
        this.a = a.codePoints().toArray();
        this.b = b.codePoints().toArray();
        for (int j = 0; j < this.b.length; j++) {
            b2j.computeIfAbsent(this.b[j], k -> new ArrayList<>()).add(j);
        }
        if (this.b.length >= 200) {
            int popular = this.b.length / 100 + 1;
            b2j.values().removeIf(indices -> indices.size() > popular);
        }
    }

    static double ratio(String a, String b) {
        SequenceMatcher matcher = new SequenceMatcher(a, b);
        int length = matcher.a.length + matcher.b.length;
        return length == 0 ? 1.0 : 2.0 * matcher.matches() / length;
    }

    /** get_matching_blocks: the sizes of the recursively found longest matches, summed. */
    private int matches() {
        int total = 0;
        Deque<int[]> queue = new ArrayDeque<>();
        queue.push(new int[] {0, a.length, 0, b.length});
        while (!queue.isEmpty()) {
            int[] range = queue.pop();
            int[] match = longestMatch(range[0], range[1], range[2], range[3]);
            int i = match[0];
            int j = match[1];
            int k = match[2];
            if (k > 0) {
                total += k;
                if (range[0] < i && range[2] < j) {
                    queue.push(new int[] {range[0], i, range[2], j});
                }
                if (i + k < range[1] && j + k < range[3]) {
                    queue.push(new int[] {i + k, range[1], j + k, range[3]});
                }
            }
        }
        return total;
    }

    /** find_longest_match: the earliest longest match through b2j, then extended over popular elements on both ends. */
    private int[] longestMatch(int alo, int ahi, int blo, int bhi) {
        int besti = alo;
        int bestj = blo;
        int bestSize = 0;
        Map<Integer, Integer> j2len = new HashMap<>();
        for (int i = alo; i < ahi; i++) {
            Map<Integer, Integer> next = new HashMap<>();
            for (int j : b2j.getOrDefault(a[i], List.of())) {
                if (j < blo) {
                    continue;
                }
                if (j >= bhi) {
                    break;
                }
                int k = j2len.getOrDefault(j - 1, 0) + 1;
                next.put(j, k);
                if (k > bestSize) {
                    besti = i - k + 1;
                    bestj = j - k + 1;
                    bestSize = k;
                }
            }
            j2len = next;
        }
        while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1]) {
            besti--;
            bestj--;
            bestSize++;
        }
        while (besti + bestSize < ahi && bestj + bestSize < bhi && a[besti + bestSize] == b[bestj + bestSize]) {
            bestSize++;
        }
        return new int[] {besti, bestj, bestSize};
    }
}
