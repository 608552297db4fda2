package org.longscope.djl.backend;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.longscope.api.model.Decoding;

/**
 * Picks the next token from logits: greedy (arg max, lowest id on ties, as the native engine) or
 * sampled with temperature, top-k and top-p from a seeded generator.
 */
final class TokenSampler {
    private final Decoding decoding;
    private final SplittableRandom random;

    TokenSampler(Decoding decoding) {
        this.decoding = decoding;
        this.random = new SplittableRandom(decoding.seed());
    }

    int next(float[] logits) {
        if (decoding.greedy()) {
            return argMax(logits);
        }
        int n = logits.length;
        double max = logits[argMax(logits)];
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[i] - max) / decoding.temperature());
            sum += p[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        int keep = decoding.topK() > 0 ? Math.min(decoding.topK(), n) : n;
        double mass = 0;
        int kept = 0;
        while (kept < keep) {
            mass += p[order[kept++]];
            if (mass >= decoding.topP()) {
                break;
            }
        }
        double r = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += p[order[i]];
            if (r < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
