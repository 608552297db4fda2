package org.longscope.kv.eviction;

import java.util.Arrays;
import org.longscope.kv.core.BudgetRule;

/**
 * CAKE's layer budgets (Qin et al., 2025; antgroup/cakekv {@code CakeprefillKVCache} and
 * {@code adjust_budgets}): the total {@code L (C - W)} is split in proportion to each layer's
 * preference {@code P_l = H_l^(1/tau1) V_l^(1/tau2)} ({@link CakeScorer}), truncated to integers, then
 * adjusted: layers above the {@code T - W} candidates give their excess, in equal shares (the remainder
 * one by one from the first layer), to the layers below it, and the total is restored the same way
 * (added to layers below {@code T - W}, or taken from layers above 1). Every head of a layer keeps the
 * layer's budget. With no usable preference (all zero) the split is uniform.
 */
record CakeBudget(int perLayer, double tau1, double tau2, CakeScorer scorer) implements BudgetRule {

    @Override
    public void allocate(int prompt, int first, int candidates, Scores scores, int[][] keep) {
        int layers = keep.length;
        if (candidates <= perLayer) {
            for (int[] layer : keep) {
                Arrays.fill(layer, candidates); // every layer can keep everything
            }
            return;
        }
        double[] preference = new double[layers];
        for (int l = 0; l < layers; l++) {
            double entropy = 0;
            double variance = 0;
            for (int h = 0; h < keep[l].length; h++) {
                scores.of(l, h); // scoring a head gathers its preference terms
                entropy += scorer.terms(l, h)[0];
                variance += scorer.terms(l, h)[1];
            }
            preference[l] = Math.pow(entropy, 1 / tau1) * Math.pow(variance, 1 / tau2);
        }
        double sum = Arrays.stream(preference).sum();
        long total = (long) perLayer * layers;
        long[] budgets = new long[layers];
        for (int l = 0; l < layers; l++) {
            budgets[l] = sum > 0 && Double.isFinite(sum) ? (long) (preference[l] / sum * total) : perLayer;
        }
        adjust(budgets, total, candidates);
        for (int l = 0; l < layers; l++) {
            Arrays.fill(keep[l], (int) Math.max(0, Math.min(candidates, budgets[l])));
        }
    }

    /** cakekv's adjust_budgets, in place. */
    static void adjust(long[] budgets, long total, long limit) {
        long excess = 0;
        for (int l = 0; l < budgets.length; l++) {
            excess += Math.max(0, budgets[l] - limit);
            budgets[l] = Math.min(budgets[l], limit);
        }
        if (excess > 0) {
            share(budgets, excess, l -> budgets[l] < limit);
        }
        long diff = total - Arrays.stream(budgets).sum();
        if (diff > 0) {
            share(budgets, diff, l -> budgets[l] < limit);
        } else if (diff < 0) {
            share(budgets, diff, l -> budgets[l] > 1);
        }
    }

    /** Adds {@code amount} (or takes it, when negative) in equal shares over the layers that qualify. */
    private static void share(long[] budgets, long amount, java.util.function.IntPredicate qualifies) {
        boolean[] valid = new boolean[budgets.length];
        int count = 0;
        for (int l = 0; l < budgets.length; l++) {
            valid[l] = qualifies.test(l);
            count += valid[l] ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        long each = Math.abs(amount) / count;
        long remainder = Math.abs(amount) % count;
        long sign = Long.signum(amount);
        for (int l = 0, seen = 0; l < budgets.length; l++) {
            if (valid[l]) {
                budgets[l] += sign * (each + (seen++ < remainder ? 1 : 0));
            }
        }
    }
}
