package org.longscope.kv.core;

/**
 * An eviction method as a composition, the way kvpress composes presses: a scorer, a budget rule and
 * the protected windows, plus whether and how far it evicts while decoding.
 *
 * @param scorer   importance of each cached token, per layer and KV head; null for a method that keeps
 *                 only protected tokens (StreamingLLM), whose rule then keeps no candidates
 * @param budget   how many candidates each layer and head keeps at the end of prefill
 * @param sinks    first tokens always kept
 * @param recent   last tokens always kept
 * @param capacity 0: decoding appends without eviction; else the most tokens a head holds while a step
 *                 attends: before n tokens are appended each head is cut to {@code capacity - n}, the
 *                 recent window shrinking by n so that old tokens compete for the rest
 */
public record Eviction(KeyScorer scorer, BudgetRule budget, int sinks, int recent, int capacity) {
    public Eviction {
        if (budget == null || sinks < 0 || recent < 0 || capacity < 0) {
            throw new IllegalArgumentException("eviction needs a budget rule and non-negative windows");
        }
    }
}
