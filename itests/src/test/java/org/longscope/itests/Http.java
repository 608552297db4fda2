package org.longscope.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the REST API on loopback. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, boolean withToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, boolean withToken) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).DELETE();
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<java.util.stream.Stream<String>> lines(String path) throws IOException, InterruptedException {
        return client.send(request(path).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }
}
