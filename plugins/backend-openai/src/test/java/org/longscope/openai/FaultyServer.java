package org.longscope.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that answers the OpenAI endpoints the backend uses, and
 * misbehaves on purpose, one scripted fault per completion request, then answers well.
 */
final class FaultyServer implements AutoCloseable {
    enum Fault { RATE_LIMITED, SERVER_ERROR, STALL, CUT, MALFORMED, UNAUTHORIZED }

    private final HttpServer server;
    private final Deque<Fault> script = new ArrayDeque<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> completionBodies = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger tokenizeCalls = new java.util.concurrent.atomic.AtomicInteger();

    FaultyServer(String expectedKey) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", exchange -> {
            if (expectedKey != null && !("Bearer " + expectedKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\"}}");
                return;
            }
            send(exchange, 200, "{\"object\": \"list\", \"data\": [{\"id\": \"m\", \"object\": \"model\"}]}");
        });
        server.createContext("/tokenize", exchange -> {
            tokenizeCalls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            send(exchange, 200, "{\"count\": 3, \"max_model_len\": 4096, \"tokens\": [1, 2, 3]}");
        });
        server.createContext("/v1/completions", this::complete);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    synchronized void script(Fault... faults) {
        script.addAll(List.of(faults));
    }

    private void complete(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        completionBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Fault fault;
        synchronized (this) {
            fault = script.poll();
        }
        if (fault == null && completionBodies.getLast().contains("\"echo\":true")) {
            send(exchange, 200, "{\"object\": \"text_completion\", \"choices\": [{\"index\": 0, \"text\": \"x\", "
                    + "\"logprobs\": {\"tokens\": [\"a\", \"b\", \"c\"], \"token_logprobs\": [-0.5, -1.5, -2.5]}, "
                    + "\"finish_reason\": \"length\"}], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 0}}");
            return;
        }
        if (fault == null) {
            send(exchange, 200, "{\"id\": \"cmpl-1\", \"object\": \"text_completion\", \"choices\": [{\"index\": 0, "
                    + "\"text\": \" 42665.\", \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 7, "
                    + "\"completion_tokens\": 3, \"total_tokens\": 10}}");
            return;
        }
        switch (fault) {
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().add("Retry-After", "0");
                send(exchange, 429, "{\"error\": {\"message\": \"Rate limit reached\"}}");
            }
            case SERVER_ERROR -> send(exchange, 500, "{\"error\": {\"message\": \"internal error\"}}");
            case STALL -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "{}");
            }
            case CUT -> { // promise 400 bytes, send 20, close the connection
                exchange.sendResponseHeaders(200, 400);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"choices\": [{\"text".getBytes(StandardCharsets.UTF_8));
                out.flush();
                exchange.getHttpContext().getServer();
                exchange.close();
            }
            case MALFORMED -> send(exchange, 200, "{\"choices\": [ not json");
            case UNAUTHORIZED -> send(exchange, 401, "{\"error\": {\"message\": \"bad key\"}}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
