package org.longscope.hub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DatasetException.Reason;

/** Where a declared file comes from (its URL) and where it goes (its cache path); validates declarations. */
final class HubLayout {
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final DatasetConfig config;

    HubLayout(DatasetConfig config) {
        this.config = config;
    }

    /**
     * The file's URL: the template with each part percent-encoded ({@code /} kept in repository and
     * path); a model repository's file drops the template's {@code /datasets} before {@code {repo}}.
     */
    URI url(DataFile file) {
        validate(file);
        String template = file.modelRepository() ? config.urlTemplate().replace("/datasets/{repo}", "/{repo}")
                : config.urlTemplate();
        String url = template
                .replace("{endpoint}", config.endpoint().toString())
                .replace("{repo}", encodeSegments(file.repository()))
                .replace("{revision}", encodeSegment(file.revision()))
                .replace("{path}", encodeSegments(file.path()));
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION,
                    "the URL template " + config.urlTemplate() + " gives an invalid URL: " + url, e);
        }
    }

    /** {@code <cache>/<repository>/<revision>/<path>}, guaranteed to stay inside the cache. */
    Path localPath(DataFile file) {
        validate(file);
        Path cache = config.cacheDirectory();
        Path target = file.resolveIn(cache).normalize(); // the layout adapters read from
        if (!target.startsWith(cache) || target.equals(cache)) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION, "path leaves the cache directory " + cache);
        }
        return target;
    }

    static void validate(DataFile file) {
        if (file == null) {
            throw new DatasetException(null, Reason.INVALID_DECLARATION, "expected a data file, got null");
        }
        if (file.repository() == null || !REPOSITORY.matcher(file.repository()).matches()) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION,
                    "repository: expected owner/name (letters, digits, . _ -), got \"" + file.repository() + "\"");
        }
        requireRelative(file, "revision", file.revision());
        requireRelative(file, "path", file.path());
        if (file.sha256() != null && !SHA256.matcher(file.sha256()).matches()) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION,
                    "sha256: expected 64 lower-case hex digits, got \"" + file.sha256() + "\"");
        }
        if (file.size() < -1) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION,
                    "size: expected a byte count or -1 for unknown, got " + file.size());
        }
    }

    private static void requireRelative(DataFile file, String field, String value) {
        if (value == null || value.isEmpty() || value.startsWith("/") || value.endsWith("/") || value.contains("\\")) {
            throw new DatasetException(file, Reason.INVALID_DECLARATION,
                    field + ": expected a relative path with / separators, got \"" + value + "\"");
        }
        for (String segment : value.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new DatasetException(file, Reason.INVALID_DECLARATION,
                        field + ": expected no empty, . or .. segments, got \"" + value + "\"");
            }
        }
    }

    private static String encodeSegments(String value) {
        StringBuilder out = new StringBuilder();
        for (String segment : value.split("/")) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(encodeSegment(segment));
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (so {@code /} becomes %2F). */
    static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
