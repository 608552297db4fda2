package org.longscope.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.server.ApiException;

class RunFilesTest {
    @TempDir
    Path dir;

    @Test
    void resolvesPlainFileNamesOfTheRunDirectory() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-1"));
        Files.writeString(run.resolve("heatmap.svg"), "<svg/>");
        Files.writeString(run.resolve("summary.json"), "{}");
        assertEquals(run.resolve("heatmap.svg").toRealPath(), RunFiles.resolve(run, "heatmap.svg"));
        assertEquals(List.of("heatmap.svg", "summary.json"), RunFiles.list(run));
    }

    @Test
    void refusesTraversalAndHiddenNames() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-2"));
        Files.writeString(dir.resolve("secret.txt"), "no");
        for (String name : List.of("../secret.txt", "..", ".hidden", "a/b", "a\\b", "", "..secret.txt")) {
            ApiException e = assertThrows(ApiException.class, () -> RunFiles.resolve(run, name), name);
            assertEquals(400, e.status(), name);
        }
    }

    @Test
    void refusesASymlinkPointingOutOfTheRun() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-3"));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "no");
        Files.createSymbolicLink(run.resolve("link.txt"), outside);
        assertEquals(404, assertThrows(ApiException.class, () -> RunFiles.resolve(run, "link.txt")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> RunFiles.resolve(run, "missing.svg")).status());
    }

    @Test
    void contentTypesByExtension() {
        assertEquals("image/svg+xml", RunFiles.contentType("heatmap.svg"));
        assertEquals("image/png", RunFiles.contentType("HEATMAP.PNG"));
        assertEquals("application/x-ndjson", RunFiles.contentType("samples.jsonl"));
        assertEquals("application/octet-stream", RunFiles.contentType("blob.bin"));
    }
}
