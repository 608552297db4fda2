package org.longscope.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.core.json.Json;
import org.longscope.core.runs.RunState;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.testing.EchoBackend;
import org.longscope.core.testing.TestPlugins;

/** A run in another JVM is killed with SIGKILL midway; resuming it ends with exactly one record per work item. */
class CrashResumeTest {

    /** 2 lengths x 10 samples x 3 KV methods (full added as reference). */
    private static final int ITEMS = 60;

    @TempDir
    Path root;

    @Test
    void killedRunResumesToExactlyOneRecordPerWorkItem() throws Exception {
        Path runs = root.resolve("runs");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashRunMain.class.getName(), runs.toString())
                .redirectErrorStream(true)
                .start();
        Path runDir = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RUN_DIR ")) {
                    runDir = Path.of(line.substring("RUN_DIR ".length()));
                    break;
                }
            }
            assertNotNull(runDir, "the child printed no run directory");
            Path samples = runDir.resolve("samples.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lineCount(samples) < 12 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            process.destroyForcibly(); // SIGKILL
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        int before = lineCount(runDir.resolve("samples.jsonl"));
        assertTrue(before >= 12 && before < ITEMS, "killed midway, after " + before + " records");
        assertTrue(Files.notExists(runDir.resolve("summary.json")));

        try (RunEngine engine = new RunEngine(TestPlugins.registry(new EchoBackend()), runs, root.resolve("data"))) {
            RunStatus status = engine.await(engine.resume(runDir).id());
            assertEquals(RunState.COMPLETED, status.state(), status.error());
            assertEquals(ITEMS, status.progress().done());
        }
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("samples.jsonl"))) {
            JsonNode record = Json.MAPPER.readTree(line);
            assertEquals("done", record.get("status").asText(), line);
            keys.add(record.get("key").asText());
        }
        Set<String> unique = new HashSet<>(keys);
        assertEquals(ITEMS, keys.size(), "one record per work item");
        assertEquals(ITEMS, unique.size(), "no work item repeated");
        for (String kv : List.of("full", "evict:budget=64", "evict2:budget=32")) {
            for (int length : List.of(200, 300)) {
                for (int s = 0; s < 10; s++) {
                    String key = "keys/passkey/" + length + "/" + length + "-s" + s + "/" + kv;
                    assertTrue(unique.contains(key), "missing " + key);
                }
            }
        }
        JsonNode summary = Json.MAPPER.readTree(runDir.resolve("summary.json").toFile());
        assertEquals(ITEMS, summary.get("counts").get("done").asInt());
    }

    private static int lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int n = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }
}
