package org.longscope.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.core.settings.PreparedPrompt;
import org.longscope.core.settings.PromptPreparer;
import org.longscope.server.http.ApiServlet;
import org.longscope.server.http.BodyReader;
import org.longscope.server.http.TokenGuard;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An OpenAI-compatible API under {@code /v1} for the models {@link ServedModels} names, each
 * through its backend and KV method:
 *
 * <pre>
 * GET  /v1/models             the served ids
 * POST /v1/chat/completions   chat, the model's chat template applied; "stream": true for server-sent events
 * POST /v1/completions        a plain prompt
 * POST /tokenize, /detokenize  the served model's tokenizer, as vLLM offers it (for clients that
 *                              count and cut prompts exactly: LongScope's openai backend)
 * </pre>
 *
 * {@code usage} carries the token counts and, under {@code usage.longscope}, the KV cache's
 * statistics and the times. A prompt that does not fit the window with {@code max_tokens} is 400;
 * a full queue is 429. With a token configured, every {@code /v1} call needs it. Errors are
 * OpenAI's {@code {"error": {"message", "type", "param", "code"}}}.
 */
@Component(service = Servlet.class, configurationPid = "org.longscope.server", property = {
        "osgi.http.whiteboard.servlet.pattern=/v1/*",
        "osgi.http.whiteboard.servlet.pattern=/tokenize",
        "osgi.http.whiteboard.servlet.pattern=/detokenize",
        "osgi.http.whiteboard.servlet.name=longscope-openai"})
public class OpenAiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OpenAiServlet.class.getName());
    private static final String TASK = "v1";

    private final transient ObjectMapper json = new ObjectMapper();
    private final transient ServedModels models;
    private final transient TokenGuard guard;
    private final long maxRequestBytes;

    @Activate
    public OpenAiServlet(@Reference ServedModels models, BundleContext context, ApiServlet.Config config) {
        this.models = models;
        String token = config.token().isBlank() ? context.getProperty("longscope.server.token") : config.token();
        this.guard = TokenGuard.forBinding(context.getProperty("org.apache.felix.http.host"), token);
        String limit = context.getProperty("longscope.server.max.request.bytes");
        this.maxRequestBytes = limit == null ? 64L << 20 : Long.parseLong(limit.trim());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!guard.permits(req.getHeader("Authorization"))) {
                BodyReader.discard(req.getInputStream(), maxRequestBytes);
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"longscope\"");
                error(resp, 401, "invalid_request_error", "invalid_api_key", null,
                        "this server needs 'Authorization: Bearer <token>'");
                return;
            }
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            switch (req.getMethod() + " " + path) {
                case "GET /v1/models" -> models(resp);
                case "POST /v1/chat/completions" -> complete(req, resp, true);
                case "POST /v1/completions" -> complete(req, resp, false);
                case "POST /tokenize" -> tokenize(req, resp, true);
                case "POST /detokenize" -> tokenize(req, resp, false);
                default -> error(resp, 404, "invalid_request_error", "not_found", null,
                        "no route " + req.getMethod() + " " + path + "; routes: GET /v1/models, POST /v1/chat/completions, "
                                + "POST /v1/completions, POST /tokenize, POST /detokenize");
            }
        } catch (InvalidInputException e) {
            error(resp, 400, "invalid_request_error", null, e.location(), e.getMessage());
        } catch (ServedModel.QueueFull e) {
            resp.setHeader("Retry-After", "1");
            error(resp, 429, "rate_limit_error", "queue_full", null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(resp, 503, "server_error", null, null, "interrupted while waiting for the model");
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + req.getMethod() + " " + req.getRequestURI() + " failed", e);
            if (!resp.isCommitted()) {
                error(resp, 500, "server_error", null, null, e.toString());
            }
        }
    }

    private void models(HttpServletResponse resp) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        long created = Instant.now().getEpochSecond();
        for (String id : models.ids()) {
            data.addObject().put("id", id).put("object", "model").put("created", created).put("owned_by", "longscope");
        }
        write(resp, 200, body);
    }

    /** vLLM's {@code /tokenize} ({@code prompt}, {@code add_special_tokens}) and {@code /detokenize} ({@code tokens}). */
    private void tokenize(HttpServletRequest req, HttpServletResponse resp, boolean encode) throws IOException {
        JsonNode body = body(req);
        String id = body.path("model").asText("");
        ServedModel served = models.get(id);
        if (served == null) {
            error(resp, 404, "invalid_request_error", "model_not_found", "model",
                    "the model '" + id + "' is not served; served: " + models.ids());
            return;
        }
        LanguageModel model = served.model(models.opener());
        ObjectNode answer = json.createObjectNode();
        if (encode) {
            if (!body.path("prompt").isTextual()) {
                throw new InvalidInputException("prompt", "expected the text to tokenize");
            }
            int[] tokens = model.tokenizer().encode(body.get("prompt").asText(), body.path("add_special_tokens").asBoolean(true));
            answer.put("count", tokens.length);
            answer.put("max_model_len", model.info().contextLength());
            ArrayNode list = answer.putArray("tokens");
            for (int t : tokens) {
                list.add(t);
            }
        } else {
            JsonNode list = body.path("tokens");
            if (!list.isArray()) {
                throw new InvalidInputException("tokens", "expected a list of token ids");
            }
            int[] tokens = new int[list.size()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = list.get(i).asInt();
            }
            answer.put("prompt", model.tokenizer().decode(tokens));
        }
        write(resp, 200, answer);
    }

    private JsonNode body(HttpServletRequest req) throws IOException {
        byte[] bytes = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxRequestBytes);
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("body", "expected JSON: " + e.getMessage());
        }
    }

    private void complete(HttpServletRequest req, HttpServletResponse resp, boolean chat)
            throws IOException, ServedModel.QueueFull, InterruptedException {
        CompletionRequest request = CompletionRequest.parse(body(req), chat);
        ServedModel served = models.get(request.model());
        if (served == null) {
            error(resp, 404, "invalid_request_error", "model_not_found", "model",
                    "the model '" + request.model() + "' is not served; served: " + models.ids());
            return;
        }
        served.call(models.opener(), (model, preparer) -> {
            respond(request, served, model, preparer, resp);
            return null;
        });
    }

    private void respond(CompletionRequest request, ServedModel served, LanguageModel model, PromptPreparer preparer,
            HttpServletResponse resp) throws IOException {
        KvMethodSpec kv = request.kv() != null ? request.kv() : served.served.kv();
        if (request.scoreOnly()) {
            score(request, kv, model, resp);
            return;
        }
        List<ChatMessage> messages = request.chat() ? request.messages() : List.of(ChatMessage.user(request.prompt()));
        int window = preparer.maxLength();
        int maxTokens = request.maxTokens();
        if (maxTokens == 0) { // OpenAI's defaults: the rest of the window for chat, 16 for completions
            maxTokens = request.chat() ? Math.max(1, window - rendered(preparer, messages, 1, request).promptTokens()) : 16;
        }
        if (maxTokens >= window) {
            throw new InvalidInputException("max_tokens", "max_tokens " + maxTokens + " leaves no room for the prompt in the "
                    + "context window of " + window + " tokens");
        }
        PreparedPrompt prompt = rendered(preparer, messages, maxTokens, request);
        if (prompt.skipped()) {
            throw new InvalidInputException(request.chat() ? "messages" : "prompt", "the prompt of " + prompt.promptTokens()
                    + " tokens and max_tokens " + maxTokens + " exceed the context window of " + window + " tokens of '"
                    + request.model() + "'");
        }
        GenerationRequest generation = new GenerationRequest(prompt.text(), prompt.messages(), prompt.answerPrefix(), maxTokens,
                request.stop(), request.decoding(), kv);
        String id = (request.chat() ? "chatcmpl-" : "cmpl-") + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        long created = Instant.now().getEpochSecond();
        if (!request.stream()) {
            Completion c = model.generate(generation);
            ObjectNode body = envelope(id, created, request, request.chat() ? "chat.completion" : "text_completion");
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            if (request.chat()) {
                choice.putObject("message").put("role", "assistant").put("content", c.text());
            } else {
                choice.put("text", c.text());
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", finishReason(c));
            body.set("usage", usage(c, prompt));
            write(resp, 200, body);
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-cache");
        PrintWriter out = resp.getWriter();
        String object = request.chat() ? "chat.completion.chunk" : "text_completion";
        if (request.chat()) {
            send(out, chunk(id, created, request, object, "assistant", "", null));
        }
        Completion c = model.generate(generation, piece -> send(out, chunk(id, created, request, object, null, piece, null)));
        send(out, chunk(id, created, request, object, null, null, finishReason(c)));
        if (request.includeUsage()) {
            ObjectNode usage = envelope(id, created, request, object);
            usage.putArray("choices");
            usage.set("usage", usage(c, prompt));
            send(out, usage);
        }
        out.write("data: [DONE]\n\n");
        out.flush();
    }

    /** {@code echo} with {@code logprobs} and no new tokens: the prompt's tokens and the log-probability of each. */
    private void score(CompletionRequest request, KvMethodSpec kv, LanguageModel model, HttpServletResponse resp)
            throws IOException {
        int[] ids = model.tokenizer().encode(request.prompt(), false);
        if (ids.length + 1 > model.info().contextLength()) {
            throw new InvalidInputException("prompt", "the prompt of " + ids.length + " tokens exceeds the context window of "
                    + model.info().contextLength() + " tokens of '" + request.model() + "'");
        }
        float[] logProbs;
        try {
            logProbs = kv == null ? model.continuationLogProbs("", request.prompt())
                    : model.continuationLogProbs("", request.prompt(), kv);
        } catch (UnsupportedOperationException e) {
            throw new InvalidInputException("logprobs", e.getMessage());
        }
        ObjectNode body = envelope("cmpl-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()),
                Instant.now().getEpochSecond(), request, "text_completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", request.prompt());
        ObjectNode logprobs = choice.putObject("logprobs");
        ArrayNode tokens = logprobs.putArray("tokens");
        ArrayNode values = logprobs.putArray("token_logprobs");
        for (int i = 0; i < ids.length; i++) {
            tokens.add(model.tokenizer().decode(new int[] {ids[i]}));
            values.add(i < logProbs.length ? logProbs[i] : Float.NaN);
        }
        logprobs.putNull("top_logprobs");
        choice.put("finish_reason", "length");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", ids.length);
        usage.put("completion_tokens", 0);
        usage.put("total_tokens", ids.length);
        write(resp, 200, body);
    }

    private static PreparedPrompt rendered(PromptPreparer preparer, List<ChatMessage> messages, int maxTokens,
            CompletionRequest request) {
        return preparer.prepare(TASK, new RenderedPrompt(messages, messages.size() - 1, "", maxTokens, request.stop(),
                request.chat()));
    }

    private ObjectNode envelope(String id, long created, CompletionRequest request, String object) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", request.model());
        return body;
    }

    /**
     * One streamed chunk: a chat delta ({@code role} and {@code text} where not null), or a
     * completion's text; the last has the finish reason.
     */
    private ObjectNode chunk(String id, long created, CompletionRequest request, String object, String role, String text,
            String finishReason) {
        ObjectNode body = envelope(id, created, request, object);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        if (request.chat()) {
            ObjectNode delta = choice.putObject("delta");
            if (role != null) {
                delta.put("role", role);
            }
            if (text != null) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text == null ? "" : text);
            choice.putNull("logprobs");
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return body;
    }

    private void send(PrintWriter out, ObjectNode event) {
        try {
            out.write("data: " + json.writeValueAsString(event) + "\n\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String finishReason(Completion c) {
        return c.finishReason() == Completion.FinishReason.LENGTH ? "length" : "stop";
    }

    /** OpenAI's usage, and under {@code longscope} the KV method's statistics and the times. */
    private ObjectNode usage(Completion c, PreparedPrompt prompt) {
        int promptTokens = c.promptTokens() > 0 ? c.promptTokens() : prompt.promptTokens();
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", c.completionTokens());
        usage.put("total_tokens", promptTokens + c.completionTokens());
        ObjectNode extension = usage.putObject("longscope");
        KvStats kv = c.kvStats();
        if (kv != null) {
            ObjectNode k = extension.putObject("kv");
            k.put("method", kv.method());
            k.put("tokens_seen", kv.tokensSeen());
            k.put("bytes_resident", kv.bytesResident());
            k.put("bytes_offloaded", kv.bytesOffloaded());
            k.set("counters", json.valueToTree(kv.counters()));
        }
        if (c.timings() != null) {
            extension.put("prefill_ns", c.timings().prefillNanos());
            extension.put("decode_ns", c.timings().decodeNanos());
        }
        return usage;
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(resp.getOutputStream(), body);
    }

    private void error(HttpServletResponse resp, int status, String type, String code, String param, String message)
            throws IOException {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        write(resp, status, body);
    }
}
