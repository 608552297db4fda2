package org.longscope.core.runs;

/** Life of a run. */
public enum RunState {
    PLANNED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
