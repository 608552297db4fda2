package org.longscope.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.longscope.api.InvalidInputException;

/**
 * Calls an OpenAI-compatible server over the JDK's HttpClient: each request goes to a replica of
 * the pool, and is retried on 429 (after {@code Retry-After} when the server sends it), on 5xx, on
 * a timeout, a reset or refused connection or an unreadable answer, with exponential backoff and
 * jitter; a 4xx of the request's own fails at once. The API key goes only into the
 * {@code Authorization} header and is struck from every message.
 */
final class OpenAiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_BASE_MS = 500;
    private static final long BACKOFF_MAX_MS = 30_000;

    private final OpenAiOptions options;
    private final ReplicaPool replicas;
    private final RateLimiter limiter;
    private final HttpClient http;

    OpenAiClient(OpenAiOptions options) {
        this.options = options;
        this.replicas = new ReplicaPool(options.baseUrls(), options.maxConcurrency(), options.setAside(), System::nanoTime);
        this.limiter = new RateLimiter(options.requestsPerMinute(), options.tokensPerMinute(), System::nanoTime);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    ReplicaPool replicas() {
        return replicas;
    }

    /** A request that failed on the server's side (or never reached it) after every attempt. */
    static final class Unavailable extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(new IOException(message));
        }
    }

    /** POSTs {@code body} to {@code path} (e.g. {@code /completions}); {@code tokens} counts toward the per-minute limit. */
    JsonNode post(String path, JsonNode body, int tokens) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return call(path, HttpRequest.BodyPublishers.ofByteArray(bytes), tokens, options.attempts(), false);
    }

    /** POSTs to a path at the server's root, beside {@code /v1} (where vLLM and LongScope offer {@code /tokenize}). */
    JsonNode postAtRoot(String path, JsonNode body) {
        try {
            return call(path, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)), 0, options.attempts(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs {@code path} from one replica after another until one answers (used when opening). */
    JsonNode get(String path) {
        return call(path, null, 0, Math.max(options.attempts(), replicas.baseUrls().size()), false);
    }

    private JsonNode call(String path, HttpRequest.BodyPublisher body, int tokens, int attempts, boolean atRoot) {
        String last = "no attempt";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long waitMs = backoff(attempt);
            ReplicaPool.Replica replica;
            try {
                limiter.acquire(tokens);
                replica = replicas.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted before " + path);
            }
            String url = (atRoot ? root(replica.baseUrl) : replica.baseUrl) + path;
            boolean answered = false;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(options.timeout())
                        .header("Content-Type", "application/json").header("Accept", "application/json");
                if (options.apiKey() != null) {
                    request.header("Authorization", "Bearer " + options.apiKey());
                }
                request = body == null ? request.GET() : request.POST(body);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                answered = status < 500 && status != 429;
                if (status == 200) {
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        answered = false;
                        last = "unreadable JSON from " + url + ": " + redact(e.getMessage());
                        continue;
                    }
                }
                String message = redact(serverMessage(response.body()));
                if (status == 401 || status == 403) {
                    throw new InvalidInputException("model.options", url + " answered " + status + ": the API key"
                            + (options.apiKeySource() == null ? " is missing (set api_key_env or api_key_file)"
                                    : " from " + options.apiKeySource() + " was refused") + "; " + message);
                }
                if (status != 429 && status < 500) {
                    throw new InvalidInputException("request", url + " answered " + status + ": " + message);
                }
                last = url + " answered " + status + ": " + message;
                waitMs = retryAfter(response).orElse(waitMs);
            } catch (IOException e) {
                last = url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + redact(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted during " + url);
            } finally {
                replicas.release(replica, answered);
            }
            if (attempt < attempts) {
                sleep(waitMs);
            }
        }
        throw new Unavailable(path + " failed after " + attempts + " attempts; last: " + last);
    }

    private static String root(String baseUrl) {
        return baseUrl.endsWith("/v1") ? baseUrl.substring(0, baseUrl.length() - 3) : baseUrl;
    }

    private static long backoff(int attempt) {
        long base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(20, attempt - 1));
        return (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5));
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is read as "now"). */
    private static java.util.Optional<Long> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.min(BACKOFF_MAX_MS * 4, (long) (Double.parseDouble(v.strip()) * 1000));
            } catch (NumberFormatException e) {
                return 0L;
            }
        });
    }

    private static String serverMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject() && error.path("message").isTextual()) {
                return error.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: the start of the body says enough
        }
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private String redact(String text) {
        if (text == null || options.apiKey() == null || options.apiKey().isEmpty()) {
            return text;
        }
        return text.replace(options.apiKey(), "***");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting to retry");
        }
    }
}
