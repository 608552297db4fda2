package org.longscope.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunManager;

/**
 * A run's progress as server-sent events: one {@code progress} event per engine event (the first
 * is the current state), then {@code end} after the terminal one. A comment line every 15 s keeps
 * proxies from closing an idle stream and notices a client that went away.
 */
public final class EventStream {
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final RunManager runs;
    private final ObjectMapper json;

    public EventStream(RunManager runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    }

    public void stream(String runId, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        BlockingQueue<ProgressEvent> queue = new LinkedBlockingQueue<>();
        OutputStream out = resp.getOutputStream();
        try (RunManager.Subscription subscription = runs.subscribe(runId, queue::offer)) {
            send(out, ": stream of run " + runId + "\n\n");
            while (true) {
                ProgressEvent event = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (event == null) {
                    send(out, ": keep-alive\n\n");
                    continue;
                }
                String data = json.writeValueAsString(RunJson.progress(event));
                send(out, format("progress", data));
                if (event.state().terminal()) {
                    send(out, format("end", data));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String format(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
