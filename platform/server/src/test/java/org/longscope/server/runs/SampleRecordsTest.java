package org.longscope.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRecordsTest {
    @TempDir
    Path dir;
    SampleRecords records;

    private static String line(String benchmark, String task, int length, String kv, String status, String metrics,
            String data) {
        return "{\"key\":\"" + benchmark + "/" + task + "/" + length + "/" + kv + "\",\"benchmark\":\"" + benchmark
                + "\",\"task\":\"" + task + "\",\"sample_id\":\"s" + length + "\",\"target_length\":" + length
                + ",\"kv\":\"" + kv + "\",\"status\":\"" + status + "\",\"prompt_tokens\":100,\"truncated_tokens\":0,"
                + "\"response\":\"42\",\"metrics\":" + metrics + ",\"prefill_ns\":2000000,\"decode_ns\":1000000,"
                + "\"data\":" + data + "}";
    }

    @BeforeEach
    void write() throws IOException {
        Files.write(dir.resolve("samples.jsonl"), List.of(
                line("passkey", "passkey", 512, "full", "done", "{\"accuracy\":100.0}", "{\"input\":\"pass key 42\",\"outputs\":[\"42\"],\"depth\":0.0}"),
                line("passkey", "passkey", 512, "snapkv:budget=128", "done", "{\"accuracy\":0.0}", "{\"outputs\":[\"42\"],\"depth\":50.0}"),
                "",
                line("longbench-v2", "multiple_choice", 0, "full", "done", "{\"parsed\":1.0,\"accuracy\":0.0}",
                        "{\"question\":\"Which?\",\"answer\":\"B\"}"),
                line("passkey", "passkey", 1024, "full", "failed", "{}", "{}"),
                "{\"key\": \"cut short by a cra"));
        // longbench-v2 declares accuracy as its main metric, before the parse rate
        records = new SampleRecords(dir.resolve("samples.jsonl"),
                (benchmark, task) -> benchmark.equals("longbench-v2") ? List.of("accuracy", "parsed") : List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("records");
    }

    @Test
    void listsEveryRecordWithItsMainScoreOutcomeAndLine() throws IOException {
        Map<String, Object> page = records.query(new SampleRecords.Filter(null, null, null, null, null), 0, 100);
        assertEquals(4, page.get("total"), "blank and cut-short lines are not records");
        List<Map<String, Object>> rows = rows(page);
        assertEquals(List.of(0, 1, 3, 4), rows.stream().map(r -> r.get("index")).toList());
        assertEquals(List.of("credit", "no_credit", "no_credit", "failed"), rows.stream().map(r -> r.get("outcome")).toList());
        assertEquals("accuracy", rows.get(2).get("metric"), "the declared main metric, not the record's first");
        assertEquals(50.0, rows.get(1).get("depth"));
        assertEquals(2.0, rows.get(0).get("prefill_ms"));
        Map<?, ?> facets = (Map<?, ?>) page.get("facets");
        assertEquals("[full, snapkv:budget=128]", facets.get("kv").toString());
        assertEquals("[0, 512, 1024]", facets.get("length").toString());
    }

    @Test
    void filtersAndPages() throws IOException {
        var passkeyFull = new SampleRecords.Filter("passkey", null, null, "full", null);
        Map<String, Object> page = records.query(passkeyFull, 0, 100);
        assertEquals(2, page.get("matched"));
        assertEquals(4, page.get("total"));
        assertEquals(List.of(0, 4), rows(page).stream().map(r -> r.get("index")).toList());

        assertEquals(List.of(4), rows(records.query(passkeyFull, 1, 100)).stream().map(r -> r.get("index")).toList());
        assertEquals(List.of(0), rows(records.query(passkeyFull, 0, 1)).stream().map(r -> r.get("index")).toList());
        var at512 = new SampleRecords.Filter(null, null, 512, null, SampleRecords.Outcome.NO_CREDIT);
        assertEquals(List.of(1), rows(records.query(at512, 0, 100)).stream().map(r -> r.get("index")).toList());
    }

    @Test
    void oneRecordCarriesItsExpectedAnswerAndPrompt() throws IOException {
        Map<String, Object> one = records.one(3, "middle");
        assertEquals(List.of("B"), one.get("expected"));
        assertEquals("Which?", ((Map<?, ?>) one.get("prompt")).get("head"));
        assertEquals(List.of("42"), records.one(0, "middle").get("expected"));
        assertNull(records.one(2, "middle"), "a blank line holds no record");
        assertNull(records.one(99, "middle"));
    }

    @Test
    void refusesAnUnknownOutcome() {
        var e = assertThrows(IllegalArgumentException.class, () -> SampleRecords.Outcome.parse("right"));
        assertTrue(e.getMessage().contains("credit, no_credit or failed"), e.getMessage());
    }
}
