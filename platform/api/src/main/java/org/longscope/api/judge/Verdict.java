package org.longscope.api.judge;

import java.util.List;

/**
 * A judge's decision.
 *
 * @param ranking candidate indices, best first (for pairwise: the winner first)
 * @param raw     the judge's raw output (generated text, or the scores as text)
 * @param parsed  whether the output could be parsed into a ranking
 */
public record Verdict(List<Integer> ranking, String raw, boolean parsed) {
    public Verdict {
        ranking = List.copyOf(ranking);
    }
}
