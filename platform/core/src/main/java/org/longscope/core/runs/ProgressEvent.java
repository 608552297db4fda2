package org.longscope.core.runs;

/**
 * Progress of a run, emitted after each finished work item and on every state change.
 *
 * @param runId       the run
 * @param state       its state
 * @param done        work items finished (including ones restored on resume)
 * @param skipped     work items not run because of the truncation rule {@code skip}
 * @param failed      work items that errored
 * @param total       work items planned
 * @param ratePerSec  items per second over this session of the run
 * @param etaSeconds  estimated seconds left, or -1 when unknown
 * @param message     latest notable message (the item just finished, an error), may be empty
 */
public record ProgressEvent(String runId, RunState state, int done, int skipped, int failed, int total,
        double ratePerSec, double etaSeconds, String message) {
}
