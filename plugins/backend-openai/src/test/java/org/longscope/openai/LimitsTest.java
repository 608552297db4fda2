package org.longscope.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limits and the replica pool on a clock the test moves. */
class LimitsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void requestsAndTokensPerMinuteWaitForTheWindowToHaveRoom() {
        AtomicLong now = new AtomicLong();
        RateLimiter requests = new RateLimiter(2, 0, now::get);
        assertEquals(0, requests.tryAcquire(10));
        assertEquals(0, requests.tryAcquire(10));
        assertEquals(60 * SECOND, requests.tryAcquire(10), "the third waits for the first to leave the minute");
        now.addAndGet(60 * SECOND);
        assertEquals(0, requests.tryAcquire(10));

        RateLimiter tokens = new RateLimiter(0, 100, now::get);
        assertEquals(0, tokens.tryAcquire(60));
        assertTrue(tokens.tryAcquire(60) > 0);
        now.addAndGet(60 * SECOND);
        assertEquals(0, tokens.tryAcquire(500), "a request over the limit goes alone");
    }

    @Test
    void aReplicaFailingThreeTimesIsSetAsideAndComesBack() throws InterruptedException {
        AtomicLong now = new AtomicLong();
        ReplicaPool pool = new ReplicaPool(List.of("http://a/v1", "http://b/v1"), 4, Duration.ofSeconds(30), now::get);
        ReplicaPool.Replica a = pool.acquire();
        ReplicaPool.Replica busy = pool.acquire(); // b stays busy: a has fewer requests outstanding
        assertEquals(List.of("http://a/v1", "http://b/v1"), List.of(a.baseUrl, busy.baseUrl));
        for (int i = 0; i < 3; i++) {
            pool.release(a, false);
            if (i < 2) {
                a = pool.acquire();
                assertEquals("http://a/v1", a.baseUrl, "failure " + (i + 1) + " of 3 still leaves a in turn");
            }
        }
        assertTrue(pool.setAside("http://a/v1"));
        assertEquals("http://b/v1", pool.acquire().baseUrl, "a is set aside, though b is busier");
        now.addAndGet(31 * SECOND);
        assertFalse(pool.setAside("http://a/v1"));
    }
}
