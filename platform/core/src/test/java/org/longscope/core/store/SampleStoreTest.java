package org.longscope.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.core.store.SampleRecord.Status;

class SampleStoreTest {

    @TempDir
    Path dir;

    private static SampleRecord record(String key, String context) {
        return new SampleRecord(key, "b", "t", key, 10, "full", Status.DONE, 5, 0, 1, "eos", "x", "",
                Map.of("m", 1.0), "", "", 1, 2, 1, 3, 0, Map.of("c", 4L), Map.of("context", context, "depth", 50L), Map.of());
    }

    @Test
    void recordsSurviveReopeningAndRoundTrip() throws Exception {
        Path file = dir.resolve("samples.jsonl");
        try (SampleStore store = SampleStore.open(file)) {
            store.append(record("a", "short"));
            store.append(record("b", "y".repeat(2000)));
            assertThrows(IllegalStateException.class, () -> store.append(record("a", "again")));
        }
        try (SampleStore store = SampleStore.open(file)) {
            assertEquals(List.of("a", "b"), List.copyOf(store.records().keySet()));
            SampleRecord a = store.records().get("a");
            assertEquals(record("a", "short").toJson(), a.toJson());
            String longContext = store.records().get("b").data().get("context").toString();
            assertTrue(longContext.endsWith("...[2000 chars]") && longContext.length() < 600, longContext);
        }
    }

    @Test
    void tornLastLineIsCutOffAndAppendingContinuesAfterTheLastGoodLine() throws Exception {
        Path file = dir.resolve("samples.jsonl");
        try (SampleStore store = SampleStore.open(file)) {
            store.append(record("a", "1"));
        }
        String good = Files.readString(file);
        Files.writeString(file, good + "{\"key\":\"b\",\"sta");
        try (SampleStore store = SampleStore.open(file)) {
            assertEquals(1, store.records().size());
            assertEquals(good, Files.readString(file));
            store.append(record("b", "2"));
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void aSecondWriterIsRefused() throws Exception {
        Path file = dir.resolve("samples.jsonl");
        try (SampleStore store = SampleStore.open(file)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> SampleStore.open(file));
            assertTrue(e.getMessage().contains("being written by another session"), e.getMessage());
            store.append(record("a", "1"));
        }
        try (SampleStore store = SampleStore.open(file)) {
            assertEquals(1, store.records().size());
        }
    }

    @Test
    void corruptLineInTheMiddleNamesTheLine() throws Exception {
        Path file = dir.resolve("samples.jsonl");
        Files.writeString(file, "not json\n" + record("a", "1").toJson() + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SampleStore.open(file));
        assertTrue(e.getMessage().startsWith("samples.jsonl line 1: expected a sample record"), e.getMessage());
    }
}
