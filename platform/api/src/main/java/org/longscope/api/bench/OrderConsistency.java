package org.longscope.api.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Position bias of a reward benchmark: when one judgement is presented in several candidate orders,
 * the share of judgements whose presentations agree on whether the best candidate comes first.
 */
public final class OrderConsistency {
    private OrderConsistency() {
    }

    /**
     * @param scored    scored samples; those of one judgement share {@code data[itemField]} and task
     * @param itemField the sample data field naming the judgement
     * @param bestFirst whether a sample's verdict put the best candidate first
     * @return percent of judgements presented more than once whose presentations agree; empty when none was
     */
    public static OptionalDouble percent(List<ScoredSample> scored, String itemField, Predicate<ScoredSample> bestFirst) {
        Map<String, List<Boolean>> byItem = new LinkedHashMap<>();
        for (ScoredSample s : scored) {
            byItem.computeIfAbsent(s.task() + "/" + s.data().get(itemField), k -> new ArrayList<>()).add(bestFirst.test(s));
        }
        int items = 0;
        int consistent = 0;
        for (List<Boolean> picks : byItem.values()) {
            if (picks.size() > 1) {
                items++;
                consistent += picks.stream().distinct().count() == 1 ? 1 : 0;
            }
        }
        return items == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * consistent / items);
    }
}
