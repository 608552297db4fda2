package org.longscope.core.runs;

import java.time.Instant;

/**
 * A run as seen from outside.
 *
 * @param id        run id (the directory name)
 * @param name      spec name
 * @param state     where it is
 * @param progress  work done so far
 * @param started   start time, or {@code null}
 * @param finished  end time, or {@code null}
 * @param error     why it failed, or {@code null}
 * @param refused   it failed on bad input (a dataset line, the judge model) before any work item ran
 */
public record RunStatus(String id, String name, RunState state, ProgressEvent progress, Instant started,
        Instant finished, String error, boolean refused) {

    public RunStatus(String id, String name, RunState state, ProgressEvent progress, Instant started, Instant finished,
            String error) {
        this(id, name, state, progress, started, finished, error, false);
    }
}
