package org.longscope.kv.eviction;

import java.util.Arrays;
import org.longscope.kv.core.BudgetRule;

/**
 * PyramidKV's budget rule. With {@code C = budget}, {@code W = window}, T prompt tokens and L layers:
 * {@code min = floor((C - W) / beta)}, {@code max = 2(C - W) - min}; if {@code max >= T - W} then
 * {@code max = T - W} and {@code min = 2(C - W) - max}; layer l keeps
 * {@code max - trunc(l (max - min) / (L - 1))} earlier tokens (clamped to {@code [0, T - W]}) in every
 * head. The formula is evaluated as one product before rounding, so the last layer gets exactly
 * {@code min} (KVCache-Factory rounds the step {@code (max - min) / (L - 1)} first); a one-layer model
 * keeps {@code C - W}.
 */
record PyramidBudget(int budget, int window, int beta) implements BudgetRule {

    @Override
    public void allocate(int prompt, int first, int candidates, Scores scores, int[][] keep) {
        int[] layers = layerBudgets(budget, window, prompt, keep.length, beta);
        for (int l = 0; l < keep.length; l++) {
            Arrays.fill(keep[l], Math.min(candidates, layers[l]));
        }
    }

    /** Earlier tokens each layer keeps (the window comes on top), for a prompt of T tokens. */
    static int[] layerBudgets(int budget, int window, int prompt, int layers, int beta) {
        int candidates = Math.max(0, prompt - window);
        int[] keep = new int[layers];
        if (layers == 1) {
            keep[0] = Math.min(candidates, budget - window);
            return keep;
        }
        long perLayer = budget - window;
        long min = perLayer / beta;
        long max = 2 * perLayer - min;
        if (max >= candidates) {
            max = candidates;
            min = 2 * perLayer - max;
        }
        for (int l = 0; l < layers; l++) {
            long k = max - (l * (max - min)) / (layers - 1);
            keep[l] = (int) Math.max(0, Math.min(candidates, k));
        }
        return keep;
    }
}
