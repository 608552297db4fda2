package org.longscope.bench.synthetic;

import java.util.function.IntFunction;
import org.longscope.api.InvalidInputException;

/**
 * Finds the largest haystack amount whose prompt fits a token budget: a galloping then binary
 * search on estimated counts, then exact counts of the chosen text, re-aiming with the measured
 * error until the exact count fits (RULER's size search, made cheap by {@link TokenCounter}).
 */
public final class LengthFitter {
    private static final int MAX_ATTEMPTS = 6;

    private final TokenCounter counter;

    public LengthFitter(TokenCounter counter) {
        this.counter = counter;
    }

    /** A fitted draft with its exact content length in tokens. */
    public record Fit(Draft draft, String text, int tokens) {
    }

    /**
     * @param build  builds the draft for a haystack amount (deterministic for a given amount)
     * @param min    smallest amount allowed
     * @param max    largest amount available (e.g. number of documents), or Integer.MAX_VALUE
     * @param budget tokens the content may take
     * @param what   names the task and length in errors
     */
    public Fit fit(IntFunction<Draft> build, int min, int max, int budget, String what) {
        long aim = budget;
        Fit best = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int n = largestWithin(build, min, max, aim);
            if (n < 0) {
                if (best != null) {
                    return best;
                }
                Draft smallest = build.apply(min);
                throw new InvalidInputException(what, "target length leaves " + budget
                        + " tokens for the content, but the smallest prompt of this task needs about "
                        + counter.estimate(smallest.pieces()) + "; choose a larger length");
            }
            Draft d = build.apply(n);
            long estimate = counter.estimate(d.pieces());
            String text = d.text();
            int exact = counter.exact(text);
            if (exact <= budget) {
                if (best == null || exact > best.tokens()) {
                    best = new Fit(d, text, exact);
                }
                // close enough: within half a percent (or everything available is used)
                if (budget - exact <= Math.max(8, budget / 200) || n == max) {
                    return best;
                }
            }
            // re-aim the estimate by the measured error, with a small safety margin when over
            long error = exact - estimate;
            long newAim = budget - error - (exact > budget ? Math.max(2, budget / 1000) : 0);
            if (newAim == aim && best != null) {
                return best;
            }
            aim = newAim;
        }
        if (best == null) {
            throw new IllegalStateException(what + ": no prompt fits " + budget + " tokens after "
                    + MAX_ATTEMPTS + " attempts");
        }
        return best;
    }

    /** Largest amount in [min, max] whose estimate is at most {@code aim}, or -1 if none. */
    private int largestWithin(IntFunction<Draft> build, int min, int max, long aim) {
        if (!fits(build, min, aim)) {
            return -1;
        }
        int lo = min;
        long step = Math.max(1, min);
        long hi;
        while (true) {
            long probe = Math.min((long) max, lo + step);
            if (probe == lo) {
                return lo;
            }
            if (fits(build, (int) probe, aim)) {
                lo = (int) probe;
                if (probe == max) {
                    return lo;
                }
                step *= 2;
            } else {
                hi = probe;
                break;
            }
        }
        while (hi - lo > 1) {
            int mid = (int) ((lo + hi) >>> 1);
            if (fits(build, mid, aim)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean fits(IntFunction<Draft> build, int amount, long aim) {
        return counter.estimate(build.apply(amount).pieces()) <= aim;
    }
}
