package org.longscope.hub;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.longscope.hub.DownloadProgress.Stage;

/**
 * A terminal progress bar for downloads: one line per file, redrawn in place ({@code \r}) at most
 * every 100 ms on an interactive terminal, and finished with a newline when the file is done or
 * found in the cache. Not interactive (a log file, a pipe): one line per file when it starts and
 * when it ends.
 */
public final class ConsoleProgress implements DownloadListener {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private DownloadProgress current;
    private long startNanos;
    private long startBytes;
    private long lastDrawNanos;

    /** Interactive when the JVM has a console. */
    public ConsoleProgress(PrintStream out) {
        this(out, System.console() != null, System::nanoTime);
    }

    public ConsoleProgress(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void progress(DownloadProgress p) {
        long now = nanoTime.getAsLong();
        boolean newFile = current == null || !current.file().equals(p.file()) || current.fileIndex() != p.fileIndex();
        if (newFile || p.stage() == Stage.DOWNLOADING && current.stage() != Stage.DOWNLOADING) {
            startNanos = now;
            startBytes = p.bytesDone(); // bytes resumed from an earlier download do not count towards the rate
        }
        current = p;
        boolean last = p.stage() == Stage.DONE || p.stage() == Stage.CACHED;
        if (interactive) {
            if (last || newFile || now - lastDrawNanos >= REDRAW_NANOS) {
                out.print("\r" + line(p, now) + (last ? System.lineSeparator() : ""));
                out.flush();
                lastDrawNanos = now;
            }
        } else if (last || newFile) {
            out.println(line(p, now));
        }
    }

    /** The line for a report at time {@code now}. */
    String line(DownloadProgress p, long now) {
        StringBuilder s = new StringBuilder();
        s.append('[').append(p.fileIndex() + 1).append('/').append(p.fileCount()).append("] ")
                .append(p.file().repository()).append('/').append(p.file().path()).append(' ');
        if (p.stage() == Stage.CACHED) {
            return s.append("cached (").append(megabytes(p.bytesDone())).append(')').toString();
        }
        if (p.bytesTotal() > 0) {
            int filled = (int) (BAR_WIDTH * Math.min(1.0, (double) p.bytesDone() / p.bytesTotal()));
            s.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", Math.round(p.percent())))
                    .append(megabytes(p.bytesDone())).append(" / ").append(megabytes(p.bytesTotal()));
        } else {
            s.append(megabytes(p.bytesDone()));
        }
        double seconds = (now - startNanos) / 1e9;
        if (p.stage() == Stage.DOWNLOADING && seconds > 0.5) {
            s.append(String.format(Locale.ROOT, "  %.1f MB/s", (p.bytesDone() - startBytes) / 1e6 / seconds));
        } else if (p.stage() != Stage.DOWNLOADING) {
            s.append("  ").append(p.stage() == Stage.VERIFYING ? "verifying sha256" : "done");
        }
        return s.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
