package org.longscope.api.spec;

/** What to do with a prompt longer than the model's budget. */
public enum Truncation {
    /** Keep the first and last halves of the budget in tokens (LongBench's rule). */
    MIDDLE,
    /** Drop tokens from the start. */
    LEFT,
    /** Drop tokens from the end. */
    RIGHT,
    /** Do not run the sample; count and report it. */
    SKIP
}
