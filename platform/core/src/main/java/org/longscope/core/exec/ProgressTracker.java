package org.longscope.core.exec;

import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunState;
import org.longscope.core.store.SampleRecord;

/**
 * Counts finished work items and derives rate and ETA from the items finished in this session
 * (restored items of a resumed run count as done but not toward the rate).
 */
final class ProgressTracker {
    private final String runId;
    private int total;
    private int done;
    private int skipped;
    private int failed;
    private int finishedThisSession;
    private long sessionStart = System.nanoTime();

    ProgressTracker(String runId) {
        this.runId = runId;
    }

    synchronized void plan(int totalItems) {
        total = totalItems;
        sessionStart = System.nanoTime();
    }

    /** An item stored in an earlier session. */
    synchronized void restore(SampleRecord r) {
        count(r);
    }

    synchronized void finished(SampleRecord r) {
        count(r);
        finishedThisSession++;
    }

    private void count(SampleRecord r) {
        done++;
        switch (r.status()) {
            case SKIPPED -> skipped++;
            case FAILED -> failed++;
            case DONE -> { }
        }
    }

    synchronized ProgressEvent event(RunState state, String message) {
        double seconds = (System.nanoTime() - sessionStart) / 1e9;
        double rate = seconds > 0 ? finishedThisSession / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : (total > 0 && done >= total ? 0 : -1);
        return new ProgressEvent(runId, state, done, skipped, failed, total, rate, eta, message == null ? "" : message);
    }
}
