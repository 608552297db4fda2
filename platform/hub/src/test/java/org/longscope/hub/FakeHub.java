package org.longscope.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback serving files in the hub's layout
 * ({@code /datasets/<repo>/resolve/<revision>/<path>}), with switchable failures: dropped
 * connections, ignored Range headers, 5xx answers, redirects to a "CDN" on another host name.
 */
final class FakeHub implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** What the server saw. */
    record Seen(String path, String range, String authorization, String host) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger errorsLeft = new AtomicInteger();
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    private volatile int dropAfterBytes;
    private volatile boolean ignoreRange;
    private volatile boolean redirectToCdn;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads); // a stalled response must not block the next request
        server.start();
    }

    /** Base URL, the "hub" host. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves a file at its hub path. */
    void put(String repo, String revision, String path, byte[] content) {
        files.put("/datasets/" + repo + "/resolve/" + revision + "/" + path, content);
    }

    /** Answers this status (with a short body) for a hub path. */
    void status(String repo, String revision, String path, int status) {
        statuses.put("/datasets/" + repo + "/resolve/" + revision + "/" + path, status);
    }

    /** The next {@code times} file responses close the connection after {@code afterBytes} bytes of the body. */
    void dropConnections(int times, int afterBytes) {
        dropAfterBytes = afterBytes;
        dropsLeft.set(times);
    }

    /** The next {@code times} file responses send {@code afterBytes} bytes, then nothing more until the server stops. */
    void stallConnections(int times, int afterBytes) {
        dropAfterBytes = afterBytes;
        stallsLeft.set(times);
    }

    /** The next {@code times} requests get HTTP 503. */
    void failWith503(int times) {
        errorsLeft.set(times);
    }

    /** Answer every request with the whole file (200), whatever its Range header says. */
    void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    /**
     * Hub paths answer 307 with a relative Location to {@code /api/resolve-cache/...}, which answers
     * 302 to {@code http://localhost:<port>/cdn/...}, like the hub sending LFS files to its CDN.
     */
    void redirectToCdn(boolean redirect) {
        redirectToCdn = redirect;
    }

    List<Seen> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Seen(path, exchange.getRequestHeaders().getFirst("Range"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Host")));
            if (errorsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                sendText(exchange, 503, "try again later");
                return;
            }
            if (redirectToCdn && path.startsWith("/datasets/")) {
                redirect(exchange, 307, "/api/resolve-cache" + path.substring("/datasets".length()));
                return;
            }
            if (path.startsWith("/api/resolve-cache/")) {
                redirect(exchange, 302, "http://localhost:" + server.getAddress().getPort() + "/cdn"
                        + path.substring("/api/resolve-cache".length()));
                return;
            }
            String filePath = path.startsWith("/cdn/") ? "/datasets" + path.substring("/cdn".length()) : path;
            Integer status = statuses.get(filePath);
            if (status != null) {
                sendText(exchange, status, "status " + status);
                return;
            }
            byte[] content = files.get(filePath);
            if (content == null) {
                sendText(exchange, 404, "Entry not found");
                return;
            }
            serve(exchange, content);
        }
    }

    private void serve(HttpExchange exchange, byte[] content) throws IOException {
        int start = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !ignoreRange) {
            start = Integer.parseInt(m.group(1));
            if (start >= content.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - start;
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
        OutputStream body = exchange.getResponseBody();
        if (stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            body.write(content, start, Math.min(dropAfterBytes, length));
            body.flush();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled response abandoned");
        }
        if (dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            body.write(content, start, Math.min(dropAfterBytes, length));
            body.flush();
            // Closing after fewer bytes than announced throws "insufficient bytes written to stream";
            // letting it escape the handler makes the server drop the connection.
            body.close();
            throw new IOException("closed the stream early (no exception: the client would have waited)");
        }
        body.write(content, start, length);
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
