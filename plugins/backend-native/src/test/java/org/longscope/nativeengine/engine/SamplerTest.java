package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.longscope.api.model.Decoding;

class SamplerTest {
    private static final float[] LOGITS = {0f, 3f, 1f, 2.5f, -1f, 2f, 0.5f};

    private static int[] histogram(Decoding d, int draws) {
        int[] counts = new int[LOGITS.length];
        Sampler s = new Sampler(LOGITS.length, d);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(LOGITS.length * 4L);
            for (int i = 0; i < draws; i++) {
                MemorySegment.copy(LOGITS, 0, seg, JAVA_FLOAT, 0, LOGITS.length);
                counts[s.next(seg, 0)]++;
            }
        }
        return counts;
    }

    @Test
    void greedyTakesTheArgMax() {
        assertEquals(3, histogram(Decoding.GREEDY, 3)[1]);
    }

    @Test
    void samplingFollowsTheSoftmaxWithinStatisticalError() {
        int draws = 40_000;
        int[] counts = histogram(new Decoding(1.0, 0, 1.0, 7), draws);
        double z = 0;
        for (float l : LOGITS) {
            z += Math.exp(l);
        }
        for (int i = 0; i < LOGITS.length; i++) {
            double p = Math.exp(LOGITS[i]) / z;
            double sigma = Math.sqrt(draws * p * (1 - p));
            assertEquals(draws * p, counts[i], 5 * sigma + 1, "token " + i);
        }
    }

    @Test
    void topKAndTopPKeepOnlyTheMostProbableTokens() {
        int[] topK = histogram(new Decoding(1.0, 2, 1.0, 3), 2000);
        assertEquals(2000, topK[1] + topK[3], "top-2 keeps tokens 1 and 3: " + Arrays.toString(topK));
        // probabilities sorted: 1 (~.42), 3 (~.26), 5 (~.15), ... top-p 0.6 needs tokens 1 and 3 only
        int[] topP = histogram(new Decoding(1.0, 0, 0.6, 3), 2000);
        assertEquals(2000, topP[1] + topP[3], Arrays.toString(topP));
        assertTrue(topP[3] > 0);
    }

    @Test
    void sameSeedSameDraws() {
        assertEquals(Arrays.toString(histogram(new Decoding(0.8, 5, 0.9, 42), 500)),
                Arrays.toString(histogram(new Decoding(0.8, 5, 0.9, 42), 500)));
    }

    @Test
    void heapSelectionKeepsTheLargest() {
        Random r = new Random(1);
        long[] a = new long[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextLong(1_000_000);
        }
        long[] sorted = a.clone();
        Arrays.sort(sorted);
        Sampler.keepLargest(a, a.length, 10);
        long[] top = Arrays.copyOf(a, 10);
        Arrays.sort(top);
        assertEquals(Arrays.toString(Arrays.copyOfRange(sorted, 990, 1000)), Arrays.toString(top));
    }
}
