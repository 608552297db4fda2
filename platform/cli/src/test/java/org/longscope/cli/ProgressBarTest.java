package org.longscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunState;

class ProgressBarTest {
    @Test
    void rendersCountsPercentRateAndEta() {
        String line = ProgressBar.render(new ProgressEvent("r", RunState.RUNNING, 10, 2, 1, 26, 1.5, 75, ""));
        assertEquals("[###############...............] 13/26  50% 1 failed 2 skipped 1.50 it/s ETA 1:15 running", line);
    }

    @Test
    void aFinishedRunHasAFullBarAndNoEta() {
        String line = ProgressBar.render(new ProgressEvent("r", RunState.COMPLETED, 4, 0, 0, 4, 2, 0, ""));
        assertTrue(line.startsWith("[##############################] 4/4 100%"), line);
        assertTrue(line.endsWith("completed") && !line.contains("ETA"), line);
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.update(new ProgressEvent("r", RunState.RUNNING, 1, 0, 0, 2, 1, 1, ""));
        bar.update(new ProgressEvent("r", RunState.COMPLETED, 2, 0, 0, 2, 1, 0, ""));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.chars().filter(c -> c == '\r').count());
        assertTrue(out.endsWith(System.lineSeparator()) && out.stripTrailing().endsWith("completed"), out);
    }

    @Test
    void durations() {
        assertEquals("0:05", ProgressBar.duration(5));
        assertEquals("2:03:04", ProgressBar.duration(2 * 3600 + 184));
    }
}
