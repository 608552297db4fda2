package org.longscope.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.longscope.core.runs.ProgressEvent;

/**
 * The terminal progress bar of {@code longscope run}: redrawn in place on a terminal, one line
 * every few seconds otherwise (logs, pipes).
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private long lastLine;
    private int lastLength;

    ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    synchronized void update(ProgressEvent e) {
        String line = render(e);
        if (interactive) {
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            out.print("\r" + line + padding);
            lastLength = line.length();
            if (e.state().terminal()) {
                out.println();
            }
            out.flush();
        } else {
            long now = System.nanoTime();
            if (e.state().terminal() || now - lastLine >= LINE_INTERVAL_NANOS) {
                out.println(line);
                lastLine = now;
            }
        }
    }

    static String render(ProgressEvent e) {
        int finished = e.done() + e.skipped() + e.failed();
        double fraction = e.total() <= 0 ? 0 : Math.min(1.0, finished / (double) e.total());
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        sb.append(finished).append('/').append(e.total());
        sb.append(String.format(Locale.ROOT, " %3d%%", Math.round(fraction * 100)));
        if (e.failed() > 0) {
            sb.append(' ').append(e.failed()).append(" failed");
        }
        if (e.skipped() > 0) {
            sb.append(' ').append(e.skipped()).append(" skipped");
        }
        if (e.ratePerSec() > 0) {
            sb.append(String.format(Locale.ROOT, " %.2f it/s", e.ratePerSec()));
        }
        if (e.etaSeconds() >= 0 && !e.state().terminal()) {
            sb.append(" ETA ").append(duration((long) e.etaSeconds()));
        }
        sb.append(' ').append(e.state().name().toLowerCase(Locale.ROOT));
        return sb.toString();
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
