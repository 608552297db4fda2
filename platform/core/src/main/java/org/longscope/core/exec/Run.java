package org.longscope.core.exec;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunManager;
import org.longscope.core.runs.RunState;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.store.RunDirectory;
import org.longscope.core.store.SampleRecord;

/** A run being executed in this process: its state, progress and listeners. */
final class Run {
    private static final System.Logger LOG = System.getLogger(Run.class.getName());

    final RunDirectory directory;
    final RunSpec spec;
    /** The id of the backend that opens the model, resolved once when the run starts or resumes. */
    final String backend;
    private final ProgressTracker progress;
    private final List<Consumer<ProgressEvent>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object delivery = new Object();
    private volatile boolean cancelRequested;
    private RunState state = RunState.PLANNED;
    private Instant started;
    private Instant finished;
    private String error;
    private boolean refused;
    private ProgressEvent last;

    Run(RunDirectory directory, RunSpec spec, String backend) {
        this.directory = directory;
        this.spec = spec;
        this.backend = backend;
        this.progress = new ProgressTracker(directory.runId());
        this.last = progress.event(state, "planned");
    }

    String id() {
        return directory.runId();
    }

    synchronized RunStatus status() {
        return new RunStatus(id(), spec.name(), state, last, started, finished, error, refused);
    }

    synchronized RunState state() {
        return state;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks the run to stop; false when it already ended. */
    boolean requestCancel() {
        synchronized (this) {
            if (state.terminal()) {
                return false;
            }
            cancelRequested = true;
        }
        emit("cancellation requested");
        return true;
    }

    void running() {
        synchronized (this) {
            state = RunState.RUNNING;
            started = Instant.now();
        }
        emit("started");
    }

    void planned(int total) {
        progress.plan(total);
        emit("planned " + total + " work items");
    }

    void restored(SampleRecord record) {
        progress.restore(record);
    }

    void finished(SampleRecord record) {
        progress.finished(record);
        emit(record.key() + " " + record.status().name().toLowerCase(java.util.Locale.ROOT)
                + (record.error().isEmpty() ? "" : ": " + record.error()));
    }

    void end(RunState terminal, String failure) {
        end(terminal, failure, false);
    }

    /** Ends the run; {@code refusedInput}: it failed on bad input before any work item ran. */
    void end(RunState terminal, String failure, boolean refusedInput) {
        synchronized (this) {
            state = terminal;
            error = failure;
            refused = refusedInput;
            finished = Instant.now();
        }
        emit(failure != null ? failure : terminal.name().toLowerCase(java.util.Locale.ROOT));
        listeners.clear();
        ended.countDown();
    }

    /**
     * Builds the current event and delivers it. Delivery is serialized so every listener sees the
     * counts in order, whichever item thread finished first; a listener that throws is logged.
     */
    void emit(String message) {
        synchronized (delivery) {
            ProgressEvent event;
            synchronized (this) {
                event = progress.event(state, message);
                last = event;
            }
            for (Consumer<ProgressEvent> l : listeners) {
                deliver(l, event);
            }
        }
    }

    RunManager.Subscription subscribe(Consumer<ProgressEvent> listener) {
        synchronized (delivery) {
            ProgressEvent current;
            synchronized (this) {
                current = last;
                if (!state.terminal()) {
                    listeners.add(listener);
                }
            }
            deliver(listener, current);
        }
        return () -> listeners.remove(listener);
    }

    private static void deliver(Consumer<ProgressEvent> listener, ProgressEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "progress listener failed", e);
        }
    }

    /** Waits at most {@code timeout} for the run to end; true if it did. */
    boolean awaitEnd(java.time.Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    RunStatus await() throws InterruptedException {
        ended.await();
        return status();
    }
}
