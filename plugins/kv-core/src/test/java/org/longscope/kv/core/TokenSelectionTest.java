package org.longscope.kv.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shared selection: protected windows, top-k by score, ties to the earlier token on every path. */
class TokenSelectionTest {

    private static int[] keep(float[] scores, int sinks, int recent, int k) {
        int[] out = new int[scores.length];
        return Arrays.copyOf(out, TokenSelection.keep(scores, scores.length, sinks, recent, k, out));
    }

    @Test
    void keepsSinksBestCandidatesAndRecent() {
        float[] s = {0, 9, 1, 8, 2, 7, 0};
        // sinks {0}, recent {6}; candidates 1..5 with scores 9 1 8 2 7: best two are 1 and 3
        assertArrayEquals(new int[] {0, 1, 3, 6}, keep(s, 1, 1, 2));
        assertArrayEquals(new int[] {0, 6}, keep(s, 1, 1, 0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, keep(s, 1, 1, 5));
        // k = candidates - 1 takes the scan: the lowest candidate (2, score 1) goes
        assertArrayEquals(new int[] {0, 1, 3, 4, 5, 6}, keep(s, 1, 1, 4));
    }

    @Test
    void tiesGoToTheEarlierTokenOnTheScanAndTheSortAlike() {
        float[] s = {3, 1, 1, 1, 3};
        // one of three tied candidates goes: the latest (3), by the scan and by TopK
        assertArrayEquals(new int[] {0, 1, 2, 4}, keep(s, 0, 0, 4));
        int[] top = new int[4];
        TopK.select(s, 5, 4, top);
        assertArrayEquals(new int[] {0, 1, 2, 4}, top);
        assertArrayEquals(new int[] {0, 1, 4}, keep(s, 0, 0, 3));
    }

    @Test
    void refusesImpossibleCounts() {
        float[] s = new float[4];
        assertThrows(IllegalArgumentException.class, () -> keep(s, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> keep(s, 3, 2, 0));
    }
}
