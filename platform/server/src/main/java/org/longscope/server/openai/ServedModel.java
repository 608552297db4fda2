package org.longscope.server.openai;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.Truncation;
import org.longscope.core.runs.ModelOpener;
import org.longscope.core.settings.PromptPreparer;

/**
 * One served id: its model, opened on first use and kept, one request at a time on it (the native
 * engine runs one generation at a time) and at most {@code queue} more waiting; a request beyond
 * that is turned away, not queued without bound.
 */
final class ServedModel implements AutoCloseable {
    /** The server renders the chat template and never cuts a prompt: one that does not fit is refused. */
    static final EvaluationSettings SETTINGS = new EvaluationSettings(true, java.util.List.of(), Truncation.SKIP, 0,
            false, null, java.util.Map.of(), false);

    final ServerConfig.Served served;
    private final int queue;
    private final Semaphore running = new Semaphore(1, true);
    private final AtomicInteger admitted = new AtomicInteger();
    private LanguageModel model;
    private PromptPreparer preparer;

    ServedModel(ServerConfig.Served served, int queue) {
        this.served = served;
        this.queue = queue;
    }

    /** Thrown when the request would wait beyond the queue's bound. */
    static final class QueueFull extends Exception {
        QueueFull(String message) {
            super(message);
        }
    }

    interface Work<T> {
        T run(LanguageModel model, PromptPreparer preparer) throws IOException;
    }

    /** The model, opened now if it is not yet; for what needs no turn (its tokenizer, its window). */
    synchronized LanguageModel model(ModelOpener opener) throws IOException {
        if (model == null) {
            model = opener.open(served.model());
            preparer = new PromptPreparer(SETTINGS, model.info(), model.tokenizer());
        }
        return model;
    }

    /** Runs {@code work} on the model when its turn comes, or refuses at once when the queue is full. */
    <T> T call(ModelOpener opener, Work<T> work) throws IOException, QueueFull, InterruptedException {
        if (admitted.incrementAndGet() > queue + 1) {
            admitted.decrementAndGet();
            throw new QueueFull("model '" + served.id() + "' has " + queue + " requests waiting; retry later");
        }
        try {
            running.acquire();
            try {
                LanguageModel opened = model(opener);
                return work.run(opened, preparer);
            } finally {
                running.release();
            }
        } finally {
            admitted.decrementAndGet();
        }
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
