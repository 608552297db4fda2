package org.longscope.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The replicas of one served model. A request goes to the available replica with the fewest
 * requests outstanding (then the fewest recent failures), waiting for one of its
 * {@code maxConcurrency} slots; a replica whose
 * requests fail {@value #FAILURES_TO_SET_ASIDE} times in a row is set aside for a while and then
 * tried again, and when every replica is set aside the one that comes back first is used.
 */
final class ReplicaPool {
    static final int FAILURES_TO_SET_ASIDE = 3;

    static final class Replica {
        final String baseUrl;
        private final Semaphore slots;
        private int outstanding;
        private int failures;
        private long asideUntil;

        Replica(String baseUrl, int maxConcurrency) {
            this.baseUrl = baseUrl;
            this.slots = new Semaphore(maxConcurrency, true);
        }
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final long setAsideNanos;
    private final LongSupplier clock;

    ReplicaPool(List<String> baseUrls, int maxConcurrency, Duration setAside, LongSupplier clock) {
        baseUrls.forEach(url -> replicas.add(new Replica(url, maxConcurrency)));
        this.setAsideNanos = setAside.toNanos();
        this.clock = clock;
    }

    Replica acquire() throws InterruptedException {
        Replica chosen = choose();
        chosen.slots.acquire();
        return chosen;
    }

    private synchronized Replica choose() {
        long now = clock.getAsLong();
        Replica best = null;
        for (Replica r : replicas) {
            if (r.asideUntil - now <= 0 && (best == null || r.outstanding < best.outstanding
                    || r.outstanding == best.outstanding && r.failures < best.failures)) {
                best = r;
            }
        }
        if (best == null) {
            for (Replica r : replicas) {
                if (best == null || r.asideUntil - best.asideUntil < 0) {
                    best = r;
                }
            }
        }
        best.outstanding++;
        return best;
    }

    /** Gives the slot back; {@code ok} is whether the replica answered (even with an error of the request's own). */
    synchronized void release(Replica r, boolean ok) {
        r.outstanding--;
        r.slots.release();
        if (ok) {
            r.failures = 0;
        } else if (++r.failures >= FAILURES_TO_SET_ASIDE) {
            r.asideUntil = clock.getAsLong() + setAsideNanos;
            r.failures = 0;
        }
    }

    synchronized boolean setAside(String baseUrl) {
        long now = clock.getAsLong();
        return replicas.stream().anyMatch(r -> r.baseUrl.equals(baseUrl) && r.asideUntil - now > 0);
    }

    List<String> baseUrls() {
        return replicas.stream().map(r -> r.baseUrl).toList();
    }
}
