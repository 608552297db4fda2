package org.longscope.core.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.longscope.core.json.Json;
import org.longscope.core.store.RunDirectory;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleRecord.Status;

/** Writes summary.json and summary.csv of a run. */
public final class SummaryWriter {
    private SummaryWriter() {
    }

    public static ObjectNode summary(String runId, String name, String state, String model, int total,
            List<String> kvLabels, List<SampleRecord> records, Aggregator aggregator) {
        ObjectNode root = Json.object();
        root.put("run_id", runId);
        root.put("name", name);
        root.put("state", state);
        root.put("model", model);
        ObjectNode counts = root.putObject("counts");
        counts.put("total", total);
        counts.put("done", records.size());
        counts.put("failed", records.stream().filter(r -> r.status() == Status.FAILED).count());
        counts.put("skipped", records.stream().filter(r -> r.status() == Status.SKIPPED).count());
        root.put("reference", kvLabels.size() > 1 && kvLabels.contains("full") ? "full" : null);
        root.set("methods", aggregator.methods(kvLabels, records));
        return root;
    }

    public static void write(RunDirectory dir, ObjectNode summary) throws IOException {
        RunDirectory.writeAtomically(dir.summary(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        RunDirectory.writeAtomically(dir.summaryCsv(), SummaryCsv.render(summary));
    }
}
