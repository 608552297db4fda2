package org.longscope.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.bench.ScoredSample;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleRecord.Status;
import org.longscope.core.testing.PasskeyBenchmark;

class AggregatorTest {

    private static SampleRecord record(String task, String id, int length, String kv, Status status, double score,
            long resident, long prefillNanos, int promptTokens, long decodeNanos, int steps) {
        return new SampleRecord("keys/" + task + "/" + length + "/" + id + "/" + kv, "keys", task, id, length, kv, status,
                promptTokens, 0, steps, "eos", "r", "", status == Status.DONE ? Map.of("exact_match", score) : Map.of(),
                "", status == Status.FAILED ? "boom" : "", prefillNanos, decodeNanos, steps, resident, resident / 10,
                Map.of(), Map.of(), Map.of());
    }

    private static final List<SampleRecord> RECORDS = List.of(
            record("passkey", "a", 1000, "full", Status.DONE, 100, 1000, 1_000_000, 1000, 10_000_000, 10),
            record("passkey", "b", 1000, "full", Status.DONE, 0, 2000, 1_000_000, 1000, 30_000_000, 20),
            record("passkey", "c", 6000, "full", Status.DONE, 100, 3000, 2_000_000, 6000, 0, 0),
            record("count", "d", 20000, "full", Status.DONE, 40, 6000, 0, 20000, 0, 0),
            record("passkey", "e", 6000, "full", Status.FAILED, 0, -1, 0, 0, 0, 0),
            record("passkey", "a", 1000, "snap", Status.DONE, 100, 500, 1_000_000, 1000, 5_000_000, 10));

    @Test
    void aggregatesPerTaskPerBucketAndOverallByHand() {
        JsonNode methods = new Aggregator(Map.of("keys", new PasskeyBenchmark()), Map.of())
                .methods(List.of("full", "snap"), RECORDS);
        JsonNode full = methods.get(0);
        assertEquals(4, full.get("done").asInt());
        assertEquals(1, full.get("failed").asInt());
        JsonNode keys = full.get("benchmarks").get("keys");
        assertEquals(4, keys.get("samples").asInt());
        assertEquals((100 + 0 + 100 + 40) / 4.0, keys.get("overall").get("exact_match").asDouble());
        assertEquals(200 / 3.0, keys.get("per_task").get("passkey").get("exact_match").asDouble(), 1e-12);
        assertEquals(40.0, keys.get("per_task").get("count").get("exact_match").asDouble());
        assertEquals(50.0, keys.get("per_bucket").get("0-4k").get("exact_match").asDouble());
        assertEquals(100.0, keys.get("per_bucket").get("4-8k").get("exact_match").asDouble());
        assertEquals(40.0, keys.get("per_bucket").get("16-32k").get("exact_match").asDouble());
        assertEquals(50.0, keys.get("per_task_bucket").get("passkey").get("0-4k").get("exact_match").asDouble());
        // means by target length, besides the adapter's buckets
        assertEquals(50.0, keys.get("per_task_length").get("passkey").get("1000").get("exact_match").asDouble());
        assertEquals(100.0, keys.get("per_task_length").get("passkey").get("6000").get("exact_match").asDouble());
        assertEquals(40.0, keys.get("per_task_length").get("count").get("20000").get("exact_match").asDouble());
        // resources over the 4 finished samples: mean bytes, tokens over total time
        assertEquals((1000 + 2000 + 3000 + 6000) / 4.0, full.get("kv_bytes_resident_mean").asDouble());
        assertEquals((100 + 200 + 300 + 600) / 4.0, full.get("kv_bytes_offloaded_mean").asDouble());
        assertEquals((1000 + 1000 + 6000) / 0.004, full.get("prefill_tokens_per_s").asDouble(), 1e-6);
        assertEquals(30 / 0.04, full.get("decode_tokens_per_s").asDouble(), 1e-9);
        JsonNode snap = methods.get(1);
        assertEquals(500.0, snap.get("kv_bytes_resident_mean").asDouble());
        assertEquals(2000.0, snap.get("decode_tokens_per_s").asDouble(), 1e-9);
    }

    @Test
    void summaryCsvListsEveryFigure() {
        ObjectNode summary = SummaryWriter.summary("r1", "n", "completed", "m", 1, List.of("snap:budget=1,window=2"),
                List.of(new SampleRecord("k", "keys", "passkey", "a", 1000, "snap:budget=1,window=2", Status.DONE, 1000, 0, 10,
                        "eos", "", "", Map.of("exact_match", 100.0), "", "", 1_000_000, 5_000_000, 10, 500, 50,
                        Map.of(), Map.of(), Map.of())),
                new Aggregator(Map.of("keys", new PasskeyBenchmark()), Map.of()));
        assertEquals("""
                kv,benchmark,task,length_bucket,metric,value
                "snap:budget=1,window=2",all,all,all,done,1
                "snap:budget=1,window=2",all,all,all,failed,0
                "snap:budget=1,window=2",all,all,all,skipped,0
                "snap:budget=1,window=2",all,all,all,kv_bytes_resident_mean,500
                "snap:budget=1,window=2",all,all,all,kv_bytes_offloaded_mean,50
                "snap:budget=1,window=2",all,all,all,prefill_tokens_per_s,1000000
                "snap:budget=1,window=2",all,all,all,decode_tokens_per_s,2000
                "snap:budget=1,window=2",keys,all,all,exact_match,100
                "snap:budget=1,window=2",keys,all,0-4k,exact_match,100
                "snap:budget=1,window=2",keys,passkey,all,exact_match,100
                "snap:budget=1,window=2",keys,passkey,0-4k,exact_match,100
                "snap:budget=1,window=2",keys,passkey,1000,exact_match,100
                """, SummaryCsv.render(summary));
    }

    /** A benchmark that writes one file naming how many samples it saw; one that always fails. */
    private static final class PictureBenchmark extends PasskeyBenchmark {
        @Override
        public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
            Files.writeString(runDirectory.resolve("picture.txt"), scored.size() + " samples");
        }
    }

    private static final class BrokenPictureBenchmark extends PasskeyBenchmark {
        @Override
        public void writeArtifacts(List<ScoredSample> scored, Path runDirectory) throws IOException {
            throw new IOException("disk full");
        }
    }

    @Test
    void picturesGoToTheRunDirectoryOrOneFolderPerMethod(@TempDir Path run) throws IOException {
        new Aggregator(Map.of("keys", new PictureBenchmark()), Map.of(), run)
                .methods(List.of("full"), RECORDS.subList(0, 4));
        assertEquals("4 samples", Files.readString(run.resolve("picture.txt")));

        Path comparison = run.resolve("comparison");
        new Aggregator(Map.of("keys", new PictureBenchmark()), Map.of(), comparison)
                .methods(List.of("full", "snap:budget=1"), List.of(RECORDS.get(0), record("passkey", "a", 1000,
                        "snap:budget=1", Status.DONE, 100, 500, 1_000_000, 1000, 5_000_000, 10)));
        assertEquals("1 samples", Files.readString(comparison.resolve("full/picture.txt")));
        assertEquals("1 samples", Files.readString(comparison.resolve("snap_budget-1/picture.txt")));
    }

    @Test
    void aFailingPictureIsReportedNotFatal(@TempDir Path run) {
        JsonNode methods = new Aggregator(Map.of("keys", new BrokenPictureBenchmark()), Map.of(), run)
                .methods(List.of("full"), RECORDS.subList(0, 4));
        assertTrue(methods.get(0).get("artifact_errors").get("keys").asText().contains("disk full"));
        assertEquals(4, methods.get(0).get("benchmarks").get("keys").get("samples").asInt());
    }
}
