package org.longscope.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DatasetException.Reason;

/**
 * Brings one file into its {@code .part} file: follows redirects (dropping the token when they
 * leave the endpoint's host, as the hub's CDN redirects do), resumes a partial file with an HTTP
 * Range request (starting over when the server ignores it), and retries transient failures a
 * bounded number of times with exponential backoff.
 */
final class PartDownloader {
    private static final int MAX_REDIRECTS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final String USER_AGENT = "longscope-datasets/1.0";

    /** Receives the bytes on disk and the total (-1 when unknown) as they change. */
    interface Progress {
        void update(long bytesDone, long bytesTotal);
    }

    /** A failure worth another attempt. */
    private static final class TransientFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final DatasetConfig config;

    PartDownloader(HttpClient client, DatasetConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Downloads {@code url} into {@code part}, continuing what is already there. Returns the total size. */
    long download(DataFile file, URI url, Path part, Progress progress) {
        TransientFailure last = null;
        Duration backoff = config.retryBackoff();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                sleep(file, backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            try {
                return attempt(file, url, part, progress);
            } catch (TransientFailure e) {
                last = e;
            } catch (IOException e) {
                throw new DatasetException(file, Reason.CACHE_IO, "cannot write " + part + ": " + e.getMessage(), e);
            }
        }
        throw new DatasetException(file, Reason.NETWORK, "download from " + url + " failed after "
                + config.maxAttempts() + " attempt(s); last error: " + Objects.requireNonNull(last).getMessage()
                + ". Run the same command again to resume, or use a mirror (LONGSCOPE_DATA_ENDPOINT)", last);
    }

    private long attempt(DataFile file, URI url, Path part, Progress progress) throws TransientFailure, IOException {
        long offset = Files.exists(part) ? Files.size(part) : 0;
        if (file.size() >= 0 && offset > file.size()) {
            Files.delete(part);
            offset = 0;
        }
        if (file.size() > 0 && offset == file.size()) {
            return offset; // a previous attempt got every byte; the caller verifies
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = open(file, url, offset);
        int status = response.statusCode();
        long total;
        boolean append;
        switch (status) {
            case 200 -> {
                // A full body: the server ignored our Range (or there was none), so start over.
                append = false;
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                total = length >= 0 ? length : file.size();
                offset = 0;
            }
            case 206 -> {
                String range = response.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                    discard(response);
                    Files.deleteIfExists(part);
                    throw new TransientFailure("asked for bytes from " + offset + ", server sent Content-Range \""
                            + range + "\"; starting over", null);
                }
                append = true;
                total = m.group(3).equals("*") ? file.size() : Long.parseLong(m.group(3));
            }
            case 416 -> {
                discard(response);
                Matcher m = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                    return offset; // the partial file is already complete
                }
                Files.deleteIfExists(part);
                throw new TransientFailure("server refused the range from byte " + offset + "; starting over", null);
            }
            default -> throw failure(file, url, response);
        }
        progress.update(offset, total);
        long start = offset;
        long received;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            FileSink sink = new FileSink(channel, n -> progress.update(start + n, total));
            response.body().subscribe(sink);
            try {
                received = sink.await(config.stallTimeout());
            } catch (IOException e) {
                throw new TransientFailure("connection lost after " + channel.size() + " of "
                        + (total < 0 ? "?" : total) + " bytes: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException(file, Reason.NETWORK, "download of " + url + " interrupted", e);
            }
            channel.force(true);
        }
        long size = start + received;
        if (total >= 0 && size < total) {
            throw new TransientFailure("connection closed after " + size + " of " + total + " bytes", null);
        }
        return size;
    }

    /** Sends the GET, following up to {@value #MAX_REDIRECTS} redirects; returns the first non-redirect response. */
    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> open(DataFile file, URI url, long offset)
            throws TransientFailure {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .GET()
                    .timeout(config.connectTimeout())
                    .header("User-Agent", USER_AGENT);
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            if (config.token() != null && sameHost(current, config.endpoint())) {
                request.header("Authorization", "Bearer " + config.token());
            }
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
            } catch (IOException e) {
                throw new TransientFailure("cannot reach " + current + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException(file, Reason.NETWORK, "download of " + url + " interrupted", e);
            }
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            discard(response);
            String location = response.headers().firstValue("Location").orElseThrow(() -> new DatasetException(file,
                    Reason.HTTP_ERROR, "HTTP " + status + " without a Location header from " + response.uri()));
            try {
                current = response.uri().resolve(location);
            } catch (IllegalArgumentException e) {
                throw new DatasetException(file, Reason.HTTP_ERROR,
                        "HTTP " + status + " from " + response.uri() + " redirects to an invalid URL: " + location, e);
            }
        }
        throw new DatasetException(file, Reason.HTTP_ERROR, "more than " + MAX_REDIRECTS + " redirects from " + url);
    }

    /** Turns a final, unusable status into a failure: transient ones are retried, the rest end the download. */
    private TransientFailure failure(DataFile file, URI url, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response)
            throws TransientFailure {
        discard(response);
        int status = response.statusCode();
        String where = "HTTP " + status + " from " + response.uri()
                + (response.uri().equals(url) ? "" : " (redirected from " + url + ")");
        if (status == 429 || status >= 500) {
            throw new TransientFailure(where, null);
        }
        if (status == 404) {
            throw new DatasetException(file, Reason.NOT_FOUND, "not found in repository " + file.repository()
                    + " at revision " + file.revision() + ": " + where);
        }
        if (status == 401 || status == 403) {
            throw new DatasetException(file, Reason.UNAUTHORIZED, "access denied: " + where + ". The dataset may be"
                    + " gated or private: accept its terms on the hub and set HF_TOKEN"
                    + (config.token() == null ? " (not set now)" : " (set now, but refused)"));
        }
        throw new DatasetException(file, Reason.HTTP_ERROR, "unexpected " + where);
    }

    /** Releases a response whose body we do not want. */
    private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        response.body().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void sleep(DataFile file, Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(file, Reason.NETWORK, "interrupted while waiting to retry", e);
        }
    }
}
