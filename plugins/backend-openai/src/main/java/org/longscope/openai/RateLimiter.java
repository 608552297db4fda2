package org.longscope.openai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute limits over a sliding minute: a request waits until
 * the last minute holds fewer than {@code requestsPerMinute} requests and room for its tokens (a
 * request larger than the token limit goes alone). 0 turns a limit off.
 */
final class RateLimiter {
    private static final long MINUTE = 60_000_000_000L;

    private record Sent(long at, int tokens) {
    }

    private final int requestsPerMinute;
    private final int tokensPerMinute;
    private final LongSupplier clock;
    private final Deque<Sent> window = new ArrayDeque<>();
    private long tokensInWindow;

    RateLimiter(int requestsPerMinute, int tokensPerMinute, LongSupplier clock) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.clock = clock;
    }

    void acquire(int tokens) throws InterruptedException {
        while (true) {
            long wait = tryAcquire(tokens);
            if (wait == 0) {
                return;
            }
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }

    /** 0 when the request may go now (and is counted), else nanoseconds until the window has room. */
    synchronized long tryAcquire(int tokens) {
        long now = clock.getAsLong();
        while (!window.isEmpty() && now - window.peekFirst().at() >= MINUTE) {
            tokensInWindow -= window.pollFirst().tokens();
        }
        boolean requestsOk = requestsPerMinute == 0 || window.size() < requestsPerMinute;
        boolean tokensOk = tokensPerMinute == 0 || window.isEmpty() || tokensInWindow + tokens <= tokensPerMinute;
        if (requestsOk && tokensOk) {
            window.addLast(new Sent(now, tokens));
            tokensInWindow += tokens;
            return 0;
        }
        return Math.max(1, MINUTE - (now - window.peekFirst().at()));
    }
}
