package org.longscope.kv.core;

/**
 * The one selection every eviction method shares: a head keeps its first {@code sinks} tokens, its
 * last {@code recent} tokens, and the {@code k} best by score of the candidates between them. Ties go
 * to the earlier token ({@link TopK}), also in the single-eviction scan of a decode step.
 */
public final class TokenSelection {
    private TokenSelection() {
    }

    /**
     * Writes the kept slots of a store of {@code size} tokens, ascending, to {@code out} and returns
     * how many. {@code scores} (indexed by slot) is read only when {@code 0 < k < candidates}.
     *
     * @param sinks  protected first tokens ({@code sinks + recent <= size})
     * @param recent protected last tokens
     * @param k      candidates kept, {@code 0 <= k <= size - sinks - recent}
     */
    public static int keep(float[] scores, int size, int sinks, int recent, int k, int[] out) {
        int candidates = size - sinks - recent;
        if (sinks < 0 || recent < 0 || candidates < 0 || k < 0 || k > candidates) {
            throw new IllegalArgumentException("cannot keep " + sinks + " + " + k + " + " + recent + " of " + size);
        }
        int count = 0;
        for (int t = 0; t < sinks; t++) {
            out[count++] = t;
        }
        if (k == candidates) {
            for (int t = sinks; t < sinks + candidates; t++) {
                out[count++] = t;
            }
        } else if (k > 0 && k == candidates - 1) {
            // the usual decode step: one token goes, found by a linear scan without allocation; the
            // lowest in TopK's order, of equal lowest the latest, so that the earlier token stays
            int lowest = sinks;
            for (int t = sinks + 1; t < sinks + candidates; t++) {
                if (TopK.descendingKey(scores[t]) >= TopK.descendingKey(scores[lowest])) {
                    lowest = t;
                }
            }
            for (int t = sinks; t < sinks + candidates; t++) {
                if (t != lowest) {
                    out[count++] = t;
                }
            }
        } else if (k > 0) {
            int[] best = new int[k];
            TopK.select(scores, sinks, candidates, k, best);
            System.arraycopy(best, 0, out, count, k);
            count += k;
        }
        for (int t = size - recent; t < size; t++) {
            out[count++] = t;
        }
        return count;
    }
}
