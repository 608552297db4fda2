package org.longscope.server.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.longscope.core.runs.RunManager;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web pages: static HTML, CSS and JavaScript from the bundle's {@code web/} folder, served at
 * {@code /} (the whiteboard's default servlet, so {@code /api} and {@code /v1} keep their own).
 * The pages only read and call {@code /api}; they change nothing themselves, so this servlet
 * answers GET and HEAD alone. Every page is sent with a content security policy that allows
 * scripts from this origin only: a model answer that slips past the pages' escaping still cannot run.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=longscope-web"})
public class WebServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The pages are served once the API they call can answer: with the run engine. */
    @Reference
    private transient RunManager runs;
    private static final String ROOT = "/web/";
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[a-z0-9_-]+/)*[a-z0-9_.-]+\\.[a-z]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.sendError(405, method + " is not allowed on the web pages; the API is under /api");
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        if (!SAFE_PATH.matcher(name).matches()) {
            resp.sendError(404, "no page " + path);
            return;
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        InputStream in = type == null ? null : WebServlet.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            resp.sendError(404, "no page " + path);
            return;
        }
        try (in) {
            byte[] body = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(type);
            resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("Referrer-Policy", "no-referrer");
            // Pages change with the bundle; vendored libraries carry their version in the bundle.
            resp.setHeader("Cache-Control", name.startsWith("vendor/") ? "max-age=86400" : "no-cache");
            resp.setContentLength(body.length);
            if (method.equals("GET")) {
                try (OutputStream out = resp.getOutputStream()) {
                    out.write(body);
                }
            }
        }
    }
}
