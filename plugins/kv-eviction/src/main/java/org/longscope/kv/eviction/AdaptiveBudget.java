package org.longscope.kv.eviction;

import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.TopK;

/**
 * Ada-KV's head-adaptive budget: per layer with H KV heads and {@code B} candidates kept per head on
 * average, each head first gets its own top {@code floor(alpha * B)} tokens (the safeguard floor);
 * the rest of the layer's {@code H * B} goes to the highest remaining scores of all heads together
 * (ties to the lower head, then the earlier token), so heads whose attention is concentrated give
 * budget to heads whose attention is spread. Scores are compared across heads as they are.
 */
record AdaptiveBudget(int perHead, double alpha) implements BudgetRule {

    @Override
    public void allocate(int prompt, int first, int candidates, Scores scores, int[][] keep) {
        for (int l = 0; l < keep.length; l++) {
            allocateLayer(l, first, candidates, scores, keep[l]);
        }
    }

    private void allocateLayer(int layer, int first, int candidates, Scores scores, int[] keep) {
        int heads = keep.length;
        if (candidates <= perHead) {
            java.util.Arrays.fill(keep, candidates);
            return;
        }
        int floor = (int) Math.floor(alpha * perHead);
        boolean[][] chosen = new boolean[heads][candidates];
        int[] selected = new int[candidates];
        for (int h = 0; h < heads; h++) {
            TopK.select(scores.of(layer, h), first, candidates, floor, selected);
            for (int i = 0; i < floor; i++) {
                chosen[h][selected[i] - first] = true;
            }
            keep[h] = floor;
        }
        int open = heads * (candidates - floor);
        float[] pooled = new float[open];
        int[] owner = new int[open];
        int k = 0;
        for (int h = 0; h < heads; h++) {
            float[] s = scores.of(layer, h);
            for (int t = 0; t < candidates; t++) {
                if (!chosen[h][t]) {
                    pooled[k] = s[first + t];
                    owner[k++] = h;
                }
            }
        }
        int shared = heads * (perHead - floor);
        int[] winners = new int[open];
        TopK.select(pooled, open, shared, winners);
        for (int i = 0; i < shared; i++) {
            keep[owner[winners[i]]]++;
        }
    }
}
