package org.longscope.server.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.longscope.server.ApiException;

/**
 * The files of a run directory as the API serves them: plain file names only (no separators, no
 * leading dot), resolved inside the directory, never following a path out of it.
 */
public final class RunFiles {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private RunFiles() {
    }

    /**
     * @throws ApiException 400 for a name that is not a plain file name, 404 when there is no such file
     */
    public static Path resolve(Path runDirectory, String name) throws IOException {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiException.badRequest("file name '" + name + "': expected a plain file name of the run "
                    + "directory (letters, digits, '.', '_', '-')");
        }
        Path root = runDirectory.toRealPath();
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw ApiException.notFound("run file '" + name + "' does not exist; files: " + list(runDirectory));
        }
        if (!file.toRealPath().startsWith(root)) {
            throw ApiException.notFound("run file '" + name + "' does not exist");
        }
        return file;
    }

    /** Names of the regular files of the run directory, sorted. */
    public static List<String> list(Path runDirectory) throws IOException {
        try (Stream<Path> files = Files.list(runDirectory)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> SAFE_NAME.matcher(n).matches()).sorted().toList();
        }
    }

    /** Content type by extension. */
    public static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (lower.endsWith(".png")) {
            return "image/png";
        } else if (lower.endsWith(".json")) {
            return "application/json";
        } else if (lower.endsWith(".jsonl")) {
            return "application/x-ndjson";
        } else if (lower.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        } else if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (lower.endsWith(".txt") || lower.endsWith(".log") || lower.endsWith(".md")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
