package org.longscope.core.runs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.longscope.api.spec.RunSpec;

/**
 * Runs evaluations. One OSGi service, provided by the core bundle; thread-safe.
 *
 * <p>Runs live in directories under {@link #runsRoot()} ({@code runs/<run-id>/}); a run started
 * here executes asynchronously on the engine's own threads.
 */
public interface RunManager {

    /** Parses and validates a spec document (YAML or JSON); errors name the field path. */
    RunSpec parseSpec(String document, String sourceName);

    /** Parses and validates spec fields built in memory (the CLI's flags over a spec file). */
    RunSpec parseSpec(Map<String, ?> fields);

    /**
     * Starts a new run.
     *
     * @throws org.longscope.api.InvalidInputException for an unknown plugin id (listing the ids
     *         available) or any other problem found before work starts
     */
    RunStatus start(RunSpec spec);

    /**
     * Checks a spec as {@link #start} does before any work (ids against the services registered
     * now, tasks, KV parameters, judge), without creating a run.
     *
     * @throws org.longscope.api.InvalidInputException naming the field path and what was expected
     */
    void validate(RunSpec spec);

    /** Resumes an interrupted run from its directory: finished samples are kept, the rest is done. */
    RunStatus resume(Path runDirectory);

    List<RunStatus> list();

    Optional<RunStatus> status(String runId);

    /** Requests cancellation; returns false if the run is unknown or already finished. */
    boolean cancel(String runId);

    /**
     * Subscribes to a run's progress events. The listener receives the current state at once, then
     * every event until the run ends (a terminal event is always delivered). Listeners must not block.
     */
    Subscription subscribe(String runId, Consumer<ProgressEvent> listener);

    /** The run's directory (spec.json, samples.jsonl, summary.json, summary.csv, pictures). */
    Optional<Path> directory(String runId);

    /** Root folder of run directories. */
    Path runsRoot();

    /** Blocks until the run ends and returns its final status. */
    RunStatus await(String runId) throws InterruptedException, IOException;

    /**
     * The terminal report of a run, read from its directory alone ({@code longscope report <run-dir>}):
     * a comparison table (one row per KV method: overall scores, KV bytes resident and offloaded,
     * prefill and decode tokens/s) and a detail table per benchmark, task and length bucket.
     *
     * @throws org.longscope.api.InvalidInputException when the directory has no summary.json yet
     */
    default String report(Path runDirectory) throws IOException {
        return org.longscope.core.report.ReportRenderer.render(runDirectory);
    }

    /**
     * Merges the run directories of a sharded run (every slice {@code 1/N} ... {@code N/N} once)
     * into a new run directory in the runs root, whose samples and summary are those of the
     * unsharded run; it is listed and served like any run.
     *
     * @throws org.longscope.api.InvalidInputException when the directories are not the slices of one run
     */
    RunStatus mergeShards(List<Path> shardDirectories) throws IOException;

    /** Handle to stop receiving events. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
