package org.longscope.bench.longbench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A seeded subset of a dataset's items that keeps the share of each stratum (a length bucket, a
 * difficulty): each stratum gets its proportional count, the remainders go to the largest
 * fractions, and the items within a stratum are drawn by the seed. The subset keeps the dataset's
 * order, and the same items, seed and size always give the same subset.
 */
final class StratifiedSubset {
    private StratifiedSubset() {
    }

    /** The indices of the chosen items, ascending; every index when {@code size} is 0 or covers the items. */
    static <T> List<Integer> pick(List<T> items, Function<T, String> stratum, int size, long seed) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            all.add(i);
        }
        if (size <= 0 || size >= items.size()) {
            return all;
        }
        Map<String, List<Integer>> strata = new LinkedHashMap<>();
        for (int i : all) {
            strata.computeIfAbsent(stratum.apply(items.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(strata.values());
        int[] quota = new int[groups.size()];
        double[] fraction = new double[groups.size()];
        int given = 0;
        for (int g = 0; g < groups.size(); g++) {
            double exact = (double) size * groups.get(g).size() / items.size();
            quota[g] = (int) Math.floor(exact);
            fraction[g] = exact - quota[g];
            given += quota[g];
        }
        while (given < size) { // largest remainder first, the earlier stratum on a tie
            int best = -1;
            for (int g = 0; g < groups.size(); g++) {
                if (quota[g] < groups.get(g).size() && (best < 0 || fraction[g] > fraction[best])) {
                    best = g;
                }
            }
            quota[best]++;
            fraction[best] = -1;
            given++;
        }
        Random random = new Random(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> members = new ArrayList<>(groups.get(g));
            Collections.shuffle(members, random);
            chosen.addAll(members.subList(0, quota[g]));
        }
        return new ArrayList<>(chosen);
    }
}
