package org.longscope.bench.synthetic;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.longscope.api.InvalidInputException;

/**
 * Finds the largest haystack amount whose prompt fits a token budget (RULER's size search, made
 * cheap by {@link TokenCounter}): a galloping then binary search on estimated counts, then exact
 * counts of the chosen text, re-aiming with the measured error until the exact count fits.
 *
 * <p>Exact counts of long texts dominate the cost, so they are calibrated rather than repeated:
 * per task and length ({@code key}) the first {@link #VERIFIED_SAMPLES} samples are always counted
 * exactly; when none of them was underestimated, later samples of that key trust the estimate (an
 * upper bound then), minus a 0.1% safety margin. Budgets up to {@link #ALWAYS_EXACT_BELOW} tokens
 * are always counted exactly. One instance per {@code samples} call; not thread-safe.
 */
public final class LengthFitter {
    static final int MAX_ATTEMPTS = 6;
    static final int VERIFIED_SAMPLES = 1;
    static final int ALWAYS_EXACT_BELOW = 8192;

    private final TokenCounter counter;
    private final Map<String, Calibration> calibrations = new HashMap<>();

    public LengthFitter(TokenCounter counter) {
        this.counter = counter;
    }

    /**
     * A fitted draft.
     *
     * @param tokens content tokens: exact when {@code exact}, else the estimate (an upper bound)
     */
    public record Fit(Draft draft, String text, int tokens, boolean exact) {
    }

    /** What exact counts showed about the estimates of one task and length. */
    private static final class Calibration {
        int verified;
        long maxError = Long.MIN_VALUE;
        /** The amount of the last fit: where the next search starts. */
        int hint = -1;
    }

    /**
     * @param build  builds the draft for a haystack amount (deterministic for a given amount)
     * @param min    smallest amount allowed
     * @param max    largest amount available (e.g. number of documents), or Integer.MAX_VALUE
     * @param budget tokens the content may take
     * @param key    the task and length: names it in errors and keys the calibration
     */
    public Fit fit(IntFunction<Draft> build, int min, int max, int budget, String key) {
        Calibration cal = calibrations.computeIfAbsent(key, k -> new Calibration());
        if (budget >= ALWAYS_EXACT_BELOW && cal.verified >= VERIFIED_SAMPLES && cal.maxError <= 0) {
            long aim = budget - Math.max(4, budget / 1000);
            int n = largestWithin(build, min, max, aim, cal.hint);
            if (n < 0) {
                throw tooSmall(build, min, budget, key);
            }
            Draft d = build.apply(n);
            cal.hint = n;
            return new Fit(d, d.text(), (int) counter.estimate(d.pieces()), false);
        }
        return fitExactly(build, min, max, budget, key, cal);
    }

    private Fit fitExactly(IntFunction<Draft> build, int min, int max, int budget, String key, Calibration cal) {
        long aim = budget - Math.max(0, cal.verified > 0 ? cal.maxError : 0);
        Fit best = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int n = largestWithin(build, min, max, aim, cal.hint);
            if (n < 0) {
                if (best != null) {
                    break;
                }
                throw tooSmall(build, min, budget, key);
            }
            Draft d = build.apply(n);
            long estimate = counter.estimate(d.pieces());
            String text = d.text();
            int exact = counter.exact(text);
            long error = exact - estimate;
            cal.maxError = Math.max(cal.maxError, error);
            if (exact <= budget) {
                if (best == null || exact > best.tokens()) {
                    best = new Fit(d, text, exact, true);
                }
                // close enough: within half a percent, or everything available is used
                if (budget - exact <= Math.max(8, budget / 200) || n == max) {
                    break;
                }
            }
            // re-aim the estimate by the measured error, with a small safety margin when over
            long newAim = budget - error - (exact > budget ? Math.max(2, budget / 1000) : 0);
            if (newAim == aim && best != null) {
                break;
            }
            aim = newAim;
        }
        if (best == null) {
            throw new IllegalStateException(key + ": no prompt fits " + budget + " tokens after " + MAX_ATTEMPTS + " attempts");
        }
        cal.verified++;
        cal.hint = best.draft().amount();
        return best;
    }

    private InvalidInputException tooSmall(IntFunction<Draft> build, int min, int budget, String key) {
        Draft smallest = build.apply(min);
        return new InvalidInputException(key, "target length leaves " + budget
                + " tokens for the content, but the smallest prompt of this task needs about "
                + counter.estimate(smallest.pieces()) + "; choose a larger length");
    }

    /**
     * Largest amount in [min, max] whose estimate is at most {@code aim}, or -1 if none: gallops from
     * {@code hint} (the previous fit of the same task and length, -1 for none), then bisects.
     */
    private int largestWithin(IntFunction<Draft> build, int min, int max, long aim, int hint) {
        if (hint > min && hint <= max) {
            long step = Math.max(1, hint / 64);
            long probe = hint;
            // walk down from the hint until something fits, then search upwards from there
            while (probe > min && !fits(build, (int) probe, aim)) {
                probe = Math.max(min, probe - step);
                step *= 2;
            }
            if (probe > min) {
                return searchUp(build, (int) probe, max, aim, Math.max(1, hint / 64));
            }
        }
        if (!fits(build, min, aim)) {
            return -1;
        }
        return searchUp(build, min, max, aim, Math.max(1, min));
    }

    /** Largest amount in [lo, max] that fits, given that {@code lo} fits. */
    private int searchUp(IntFunction<Draft> build, int lo, int max, long aim, long step) {
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
