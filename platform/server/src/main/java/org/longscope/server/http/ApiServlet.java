package org.longscope.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.RunManager;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.suites.SuiteLibrary;
import org.longscope.server.ApiException;
import org.longscope.server.plugins.PluginInstaller;
import org.longscope.server.plugins.PluginInventory;
import org.longscope.server.runs.EventStream;
import org.longscope.server.runs.RunFiles;
import org.longscope.server.runs.RunJson;
import org.longscope.server.runs.RunOverview;
import org.longscope.server.runs.SampleRecords;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The REST API under {@code /api}, registered with the Jakarta servlet whiteboard of the Felix
 * HTTP service. Routes:
 *
 * <pre>
 * GET    /api/catalog                   backends, KV methods and their parameters, benchmarks, judges, suites, models
 * GET    /api/plugins                   bundles, versions, states and services
 * POST   /api/plugins                   upload a bundle jar (body: the jar)
 * GET    /api/plugins/{id}              one bundle
 * DELETE /api/plugins/{id}              remove a drop-in plugin
 * GET    /api/runs                      runs
 * POST   /api/runs                      start a run (body: spec as JSON or YAML)
 * POST   /api/runs/validate             check a spec as POST /api/runs would, without starting it
 * POST   /api/runs/merge                merge a sharded run's slices (body: {"runs": [ids]}) into a new run
 * GET    /api/runs/{id}                 status and progress
 * DELETE /api/runs/{id}                 cancel
 * GET    /api/runs/{id}/events          progress as server-sent events
 * GET    /api/runs/{id}/samples         samples.jsonl
 * GET    /api/runs/{id}/records         samples for browsing: ?benchmark, task, length, kv, outcome, offset, limit
 * GET    /api/runs/{id}/records/{n}     the sample on line n, with its expected answer and prompt head and tail
 * GET    /api/runs/{id}/summary         summary.json
 * GET    /api/runs/{id}/files[/{name}]  files of the run directory
 * </pre>
 *
 * Errors are {@code {"code": ..., "message": ...}}. State-changing calls need the bearer token when
 * one is configured.
 */
@Component(service = Servlet.class, configurationPid = "org.longscope.server", property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=longscope-api"})
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ApiServlet.class.getName());

    /** Configuration (PID org.longscope.server); framework properties of the same names are the fallback. */
    public @interface Config {
        /** Bearer token for state-changing calls; empty for none (loopback only). */
        String token() default "";

        /** Largest accepted spec body in bytes. */
        long max_spec_bytes() default 1L << 20;

        /** Largest accepted bundle upload in bytes. */
        long max_upload_bytes() default 64L << 20;
    }

    private final transient ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final transient RunManager runs;
    private final transient PluginInventory inventory;
    private final transient PluginInstaller installer;
    private final transient TokenGuard guard;
    private final transient CatalogJson catalog;
    private final long maxSpecBytes;
    private final long maxUploadBytes;

    @Activate
    public ApiServlet(@Reference RunManager runs, @Reference Catalog catalog, @Reference SuiteLibrary suites,
            BundleContext context, Config config) {
        this.runs = runs;
        String defaultModel = context.getProperty("longscope.model.default");
        this.catalog = new CatalogJson(catalog, suites, defaultModel == null || defaultModel.isBlank() ? null
                : Path.of(defaultModel));
        String dropIn = context.getProperty("felix.fileinstall.dir");
        this.inventory = new PluginInventory(context, dropIn == null ? null : Path.of(dropIn).toAbsolutePath());
        this.installer = new PluginInstaller(context, inventory);
        String token = config.token().isBlank() ? context.getProperty("longscope.server.token") : config.token();
        this.guard = TokenGuard.forBinding(context.getProperty("org.apache.felix.http.host"), token);
        this.maxSpecBytes = longProperty(context, "longscope.server.max.spec.bytes", config.max_spec_bytes());
        this.maxUploadBytes = longProperty(context, "longscope.server.max.upload.bytes", config.max_upload_bytes());
    }

    private static long longProperty(BundleContext context, String name, long fallback) {
        String value = context.getProperty(name);
        return value == null ? fallback : Long.parseLong(value.trim());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String method = req.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD") && !guard.permits(req.getHeader("Authorization"))) {
                BodyReader.discard(req.getInputStream(), maxUploadBytes);
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"longscope\"");
                throw new ApiException(401, "unauthorized", method + " needs 'Authorization: Bearer <token>'");
            }
            route(method, segments(req.getPathInfo()), req, resp);
        } catch (ApiException e) {
            error(resp, e.status(), e.code(), e.getMessage(), null);
        } catch (InvalidInputException e) {
            error(resp, 400, "invalid_input", e.getMessage(), e.location());
        } catch (IllegalArgumentException e) {
            error(resp, 400, "invalid_input", e.getMessage(), null);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + req.getMethod() + " " + req.getRequestURI() + " failed", e);
            error(resp, 500, "internal_error", e.toString(), null);
        }
    }

    static List<String> segments(String pathInfo) {
        List<String> parts = new ArrayList<>();
        if (pathInfo != null) {
            for (String s : pathInfo.split("/")) {
                if (!s.isEmpty()) {
                    parts.add(s);
                }
            }
        }
        return parts;
    }

    private void route(String method, List<String> path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        String resource = path.isEmpty() ? "" : path.get(0);
        switch (resource) {
            case "catalog" -> {
                if (!method.equals("GET") || path.size() != 1) {
                    throw notAllowed(method, "GET /api/catalog");
                }
                write(resp, 200, catalog.build());
            }
            case "plugins" -> plugins(method, path, req, resp);
            case "runs" -> runs(method, path, req, resp);
            default -> throw ApiException.notFound("no such resource /api/" + String.join("/", path)
                    + "; resources: /api/catalog, /api/plugins, /api/runs");
        }
    }

    private void plugins(String method, List<String> path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (path.size() == 1) {
            switch (method) {
                case "GET" -> write(resp, 200, inventory.list());
                case "POST" -> {
                    byte[] jar = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxUploadBytes);
                    String name = req.getParameter("name");
                    String source = "upload" + (name == null ? "" : " " + name);
                    Bundle b = installer.install(jar, source);
                    resp.setHeader("Location", "/api/plugins/" + b.getSymbolicName());
                    write(resp, 201, inventory.describe(b));
                }
                default -> throw notAllowed(method, "GET, POST");
            }
        } else if (path.size() == 2) {
            String id = path.get(1);
            switch (method) {
                case "GET" -> write(resp, 200, inventory.describe(inventory.find(id)));
                case "DELETE" -> {
                    try {
                        write(resp, 200, Map.of("removed", installer.remove(id)));
                    } catch (org.osgi.framework.BundleException e) {
                        throw new ApiException(500, "uninstall_failed", "cannot remove " + id + ": " + e.getMessage());
                    }
                }
                default -> throw notAllowed(method, "GET, DELETE");
            }
        } else {
            throw ApiException.notFound("no such resource /api/" + String.join("/", path));
        }
    }

    /** The directories of the runs a merge request names by id. */
    private List<java.nio.file.Path> shardDirectories(HttpServletRequest req) throws IOException {
        byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxSpecBytes);
        com.fasterxml.jackson.databind.JsonNode ids;
        try {
            ids = json.readTree(body).path("runs");
        } catch (IOException e) {
            throw ApiException.badRequest("request body: expected {\"runs\": [run ids]}: " + e.getMessage());
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw ApiException.badRequest("request body: field 'runs': expected the ids of a sharded run's slices");
        }
        List<java.nio.file.Path> directories = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode id : ids) {
            directories.add(runs.directory(id.asText()).orElseThrow(() -> ApiException.notFound("unknown run id '"
                    + id.asText() + "'")));
        }
        return directories;
    }

    private void runs(String method, List<String> path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        if (path.size() == 1) {
            switch (method) {
                case "GET" -> write(resp, 200, runs.list().stream().map(this::listed).toList());
                case "POST" -> {
                    RunStatus started = runs.start(runs.parseSpec(specDocument(req), "request body"));
                    resp.setHeader("Location", "/api/runs/" + started.id());
                    write(resp, 201, RunJson.status(started));
                }
                default -> throw notAllowed(method, "GET, POST");
            }
            return;
        }
        if (path.size() == 2 && path.get(1).equals("validate")) {
            if (!method.equals("POST")) {
                throw notAllowed(method, "POST");
            }
            var spec = runs.parseSpec(specDocument(req), "request body");
            runs.validate(spec);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("valid", true);
            body.put("name", spec.name());
            body.put("benchmarks", spec.benchmarks().stream().map(b -> b.id()).toList());
            body.put("kv", spec.kvMethods().stream().map(k -> k.label()).toList());
            write(resp, 200, body);
            return;
        }
        if (path.size() == 2 && path.get(1).equals("merge")) {
            if (!method.equals("POST")) {
                throw notAllowed(method, "POST");
            }
            RunStatus merged = runs.mergeShards(shardDirectories(req));
            resp.setHeader("Location", "/api/runs/" + merged.id());
            write(resp, 201, RunJson.status(merged));
            return;
        }
        String id = path.get(1);
        RunStatus status = runs.status(id).orElseThrow(() -> ApiException.notFound("unknown run id '" + id
                + "'; runs: " + runs.list().stream().map(RunStatus::id).toList()));
        String sub = path.size() > 2 ? path.get(2) : "";
        if (sub.isEmpty()) {
            switch (method) {
                case "GET" -> write(resp, 200, listed(status));
                case "DELETE" -> {
                    boolean cancelled = runs.cancel(id);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("cancelled", cancelled);
                    body.put("run", RunJson.status(runs.status(id).orElse(status)));
                    write(resp, cancelled ? 202 : 409, body);
                }
                default -> throw notAllowed(method, "GET, DELETE");
            }
            return;
        }
        if (!method.equals("GET")) {
            throw notAllowed(method, "GET");
        }
        Path directory = runs.directory(id).orElseThrow(() -> ApiException.notFound("run " + id + " has no directory"));
        switch (sub) {
            case "events" -> new EventStream(runs, json).stream(id, resp);
            case "samples" -> sendFile(resp, directory.resolve("samples.jsonl"), "application/x-ndjson", true);
            case "records" -> records(path, directory, req, resp);
            case "summary" -> {
                Path summary = directory.resolve("summary.json");
                if (!Files.isRegularFile(summary)) {
                    throw ApiException.notFound("run " + id + " has no summary yet (state " + status.state() + ")");
                }
                sendFile(resp, summary, "application/json", false);
            }
            case "files" -> {
                if (path.size() == 3) {
                    write(resp, 200, RunFiles.list(directory));
                } else if (path.size() == 4) {
                    Path file = RunFiles.resolve(directory, path.get(3));
                    // A run's SVG or HTML opened by a browser runs nothing and reaches nothing
                    resp.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
                    sendFile(resp, file, RunFiles.contentType(path.get(3)), false);
                } else {
                    throw ApiException.badRequest("expected /api/runs/" + id + "/files/<name>");
                }
            }
            default -> throw ApiException.notFound("no such resource /api/" + String.join("/", path)
                    + "; a run has: events, samples, records, summary, files");
        }
    }

    /** A run as the list shows it: its status, and its model, methods and benchmarks from spec.json. */
    private Map<String, Object> listed(RunStatus status) {
        Map<String, Object> m = RunJson.status(status);
        runs.directory(status.id()).ifPresent(d -> m.putAll(RunOverview.of(d)));
        return m;
    }

    private String specDocument(HttpServletRequest req) throws IOException {
        byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxSpecBytes);
        String document = new String(body, StandardCharsets.UTF_8);
        if (document.isBlank()) {
            throw ApiException.badRequest("request body: expected a run spec as JSON or YAML, found nothing");
        }
        return document;
    }

    private void records(List<String> path, Path directory, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        SampleRecords records = new SampleRecords(directory.resolve("samples.jsonl"), catalog::metrics);
        if (path.size() == 3) {
            String outcome = req.getParameter("outcome");
            var filter = new SampleRecords.Filter(req.getParameter("benchmark"), req.getParameter("task"),
                    intParameter(req, "length", null, 0), req.getParameter("kv"),
                    outcome == null || outcome.isEmpty() ? null : SampleRecords.Outcome.parse(outcome));
            write(resp, 200, records.query(filter, intParameter(req, "offset", 0, 0),
                    intParameter(req, "limit", 100, 1)));
        } else if (path.size() == 4) {
            String n = path.get(3);
            Integer index = n.matches("\\d{1,9}") ? Integer.valueOf(n) : null;
            Map<String, Object> one = index == null ? null
                    : records.one(index, String.valueOf(RunOverview.of(directory).getOrDefault("truncation", "middle")));
            if (one == null) {
                throw ApiException.notFound("run " + path.get(1) + " has no sample on line " + n);
            }
            write(resp, 200, one);
        } else {
            throw ApiException.badRequest("expected /api/runs/" + path.get(1) + "/records[/<line>]");
        }
    }

    /** An integer query parameter of at least {@code min}; blank or absent gives the fallback. */
    private static Integer intParameter(HttpServletRequest req, String name, Integer fallback, int min) {
        String value = req.getParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("query parameter '" + name + "': expected an integer of at least " + min
                + ", got '" + value + "'");
    }

    private static ApiException notAllowed(String method, String allowed) {
        return new ApiException(405, "method_not_allowed", method + " is not allowed here; allowed: " + allowed);
    }

    private void sendFile(HttpServletResponse resp, Path file, String contentType, boolean emptyIfMissing)
            throws IOException {
        resp.setStatus(200);
        resp.setContentType(contentType);
        if (!Files.isRegularFile(file)) {
            if (emptyIfMissing) {
                resp.setContentLength(0);
                return;
            }
            throw ApiException.notFound(file.getFileName() + " does not exist");
        }
        resp.setContentLengthLong(Files.size(file));
        try (OutputStream out = resp.getOutputStream()) {
            Files.copy(file, out);
        }
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] bytes = json.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    private void error(HttpServletResponse resp, int status, String code, String message, String location)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (location != null && !location.isEmpty()) {
            body.put("location", location);
        }
        write(resp, status, body);
    }
}
