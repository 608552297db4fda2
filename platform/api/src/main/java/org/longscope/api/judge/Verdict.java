package org.longscope.api.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A judge's decision over the candidates of one {@link JudgeRequest}, indexed by presentation order.
 *
 * @param ranking candidate indices, best first (empty when the output did not parse); may be shorter
 *                than the candidates when the judge ranked only the first few
 * @param scores  per-candidate scores for judges that score (reward, log-probability), else empty
 * @param tie     whether the scores tie for a place the ranking then broke by presentation order
 * @param raw     the judge's raw output (generated text, or the scores as text)
 * @param parsed  whether the output could be read as a ranking
 */
public record Verdict(List<Integer> ranking, List<Double> scores, boolean tie, String raw, boolean parsed) {
    public Verdict {
        ranking = List.copyOf(ranking);
        scores = List.copyOf(scores);
        raw = raw == null ? "" : raw;
        if (!parsed && !ranking.isEmpty()) {
            throw new IllegalArgumentException("an unparsed verdict has no ranking");
        }
    }

    /** A ranking read from a judge's text. */
    public static Verdict ranked(List<Integer> ranking, String raw) {
        return new Verdict(ranking, List.of(), false, raw, true);
    }

    /** An output that could not be read as a ranking (scored as wrong, never an exception). */
    public static Verdict unparsed(String raw) {
        return new Verdict(List.of(), List.of(), false, raw, false);
    }

    /**
     * A ranking by score, highest first; equal scores keep presentation order (a stable sort, as a
     * Python {@code sort(reverse=True)} does), and {@code tie} records that it happened.
     */
    public static Verdict scored(List<Double> scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed());
        boolean tie = false;
        for (int i = 1; i < order.size(); i++) {
            tie |= scores.get(order.get(i)).doubleValue() == scores.get(order.get(i - 1)).doubleValue();
        }
        return new Verdict(order, scores, tie, scores.toString(), true);
    }

    /**
     * Long-RM's {@code compare_shuffled}: the share of presented positions whose predicted rank is
     * the gold one ({@code golden[p]}, 0 = best), over all {@code golden.size()} positions; a ranking
     * of only the first few is scored on those; an unparsed verdict scores 0.
     */
    public double positionScore(List<Integer> golden) {
        List<Integer> ranks = ranksByPosition();
        int right = 0;
        for (int p = 0; p < Math.min(golden.size(), ranks.size()); p++) {
            right += ranks.get(p).equals(golden.get(p)) ? 1 : 0;
        }
        return parsed ? (double) right / golden.size() : 0;
    }

    /** Rank (0 = best) of each presented candidate, as Long-RM's evaluator lists it; empty when unparsed. */
    public List<Integer> ranksByPosition() {
        List<Integer> ranks = new ArrayList<>();
        for (int position = 0; position < ranking.size(); position++) {
            ranks.add(ranking.indexOf(position));
        }
        return ranks;
    }
}
