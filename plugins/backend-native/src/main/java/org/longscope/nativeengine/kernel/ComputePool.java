package org.longscope.nativeengine.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A dedicated pool of compute threads that runs one parallel loop at a time. The calling thread
 * takes part in the work; chunks are claimed dynamically, so uneven chunks balance out.
 *
 * <p>A loop body is a reusable {@link Task} object, so running a loop allocates nothing: the hot
 * path of a forward pass can call {@link #run} per token without creating garbage.
 */
public final class ComputePool implements AutoCloseable {

    /** One parallel loop: {@code run(i)} is called once for every chunk index in {@code [0, chunks)}. */
    @FunctionalInterface
    public interface Task {
        void run(int chunk);
    }

    private static final int SPINS_BEFORE_PARK = 2_000;

    private final int threads;
    private final Thread[] workers;
    /** Generation in the high 32 bits, next chunk index in the low 32: a late worker never claims a chunk of a newer loop. */
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Task task;
    private volatile int chunks;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A pool of {@code threads} threads in all, the caller included. */
    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, "longscope-compute-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** A pool sized to the machine's cores. */
    public static ComputePool ofAvailableProcessors() {
        return new ComputePool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} for every chunk in {@code [0, chunks)} on the pool and returns when all are
     * done. Not reentrant: one loop at a time per pool (callers serialize).
     */
    public synchronized void run(int chunks, Task task) {
        if (closed) {
            throw new IllegalStateException("compute pool is closed");
        }
        if (chunks <= 0) {
            return;
        }
        if (workers.length == 0 || chunks == 1) {
            for (int i = 0; i < chunks; i++) {
                task.run(i);
            }
            return;
        }
        // Move claims to the new generation first: a late worker of the previous loop that read the
        // old counter can then no longer claim, even if it reads this loop's chunk count.
        int gen = generation + 1;
        next.set((long) gen << 32);
        this.task = task;
        this.chunks = chunks;
        this.failure = null;
        remaining.set(chunks);
        generation = gen;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        work(gen);
        int spins = 0;
        while (remaining.get() > 0) {
            if (++spins < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
    }

    private void work(int gen) {
        while (true) {
            long v = next.get();
            if ((int) (v >>> 32) != gen || (int) v >= chunks) {
                return;
            }
            if (!next.compareAndSet(v, v + 1)) {
                continue;
            }
            int i = (int) v;
            try {
                Task t = task;
                if (t != null && failure == null) {
                    t.run(i);
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                remaining.decrementAndGet();
            }
        }
    }

    private void workerLoop() {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            work(seen);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
