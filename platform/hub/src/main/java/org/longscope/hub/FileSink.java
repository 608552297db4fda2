package org.longscope.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Writes an HTTP response body into a file channel as it arrives, one chunk at a time, and lets
 * the downloading thread wait for the end with a stall timeout (the JDK client has no read
 * timeout for bodies).
 */
final class FileSink implements Flow.Subscriber<List<ByteBuffer>> {
    private final FileChannel channel;
    private final LongConsumer bytesWritten;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastActivityNanos = System.nanoTime();
    private long written;

    /**
     * @param channel      where the bytes go (positioned by the caller)
     * @param bytesWritten called with the running count after each chunk
     */
    FileSink(FileChannel channel, LongConsumer bytesWritten) {
        this.channel = channel;
        this.bytesWritten = bytesWritten;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    written += channel.write(buffer);
                }
            }
            lastActivityNanos = System.nanoTime();
            bytesWritten.accept(written);
        } catch (IOException | RuntimeException e) { // a failing disk or a failing progress listener
            subscription.cancel();
            done.completeExceptionally(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(written);
    }

    /**
     * Waits for the body to end.
     *
     * @return bytes written
     * @throws IOException when the transfer failed or stalled longer than {@code stallTimeout}
     */
    long await(Duration stallTimeout) throws IOException, InterruptedException {
        long stallNanos = stallTimeout.toNanos();
        long pollMillis = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 4));
        while (true) {
            try {
                return done.get(pollMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastActivityNanos > stallNanos) {
                    cancel();
                    throw new IOException("no data received for " + stallTimeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                cancel();
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            }
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
