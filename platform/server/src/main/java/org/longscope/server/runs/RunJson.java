package org.longscope.server.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunStatus;

/** JSON shapes of runs and progress events (maps, so timestamps are ISO-8601 text). */
public final class RunJson {
    private RunJson() {
    }

    public static Map<String, Object> status(RunStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("state", s.state().name());
        m.put("progress", s.progress() == null ? null : progress(s.progress()));
        m.put("started", s.started() == null ? null : s.started().toString());
        m.put("finished", s.finished() == null ? null : s.finished().toString());
        m.put("error", s.error());
        m.put("refused", s.refused());
        return m;
    }

    public static Map<String, Object> progress(ProgressEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", e.runId());
        m.put("state", e.state().name());
        m.put("done", e.done());
        m.put("skipped", e.skipped());
        m.put("failed", e.failed());
        m.put("total", e.total());
        m.put("ratePerSec", finite(e.ratePerSec()));
        m.put("etaSeconds", finite(e.etaSeconds()));
        m.put("message", e.message());
        return m;
    }

    private static double finite(double d) {
        return Double.isFinite(d) ? d : -1;
    }
}
