package org.longscope.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DownloadProgress.Stage;

class ConsoleProgressTest {
    private static final DataFile FILE = new DataFile("rajpurkar/squad_v2", "main", "dev.json", null, 4_000_000);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private static DownloadProgress at(Stage stage, long done) {
        return new DownloadProgress(FILE, 0, 2, stage, done, 4_000_000);
    }

    @Test
    void interactiveBarIsRedrawnInPlaceAtMostEvery100ms() {
        ConsoleProgress progress = new ConsoleProgress(out, true, clock::get);
        progress.progress(at(Stage.DOWNLOADING, 0));
        clock.set(50_000_000); // 50 ms: too soon to redraw
        progress.progress(at(Stage.DOWNLOADING, 500_000));
        clock.set(1_000_000_000); // 1 s after the start, 1 MB more
        progress.progress(at(Stage.DOWNLOADING, 1_000_000));
        clock.set(2_000_000_000);
        progress.progress(at(Stage.DONE, 4_000_000));

        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] frames = text.split("\r", -1);
        assertEquals(4, frames.length, text); // leading empty + three draws
        assertEquals("[1/2] rajpurkar/squad_v2/dev.json [                              ]   0% 0.0 MB / 4.0 MB",
                frames[1]);
        assertEquals("[1/2] rajpurkar/squad_v2/dev.json [=======                       ]  25% 1.0 MB / 4.0 MB  1.0 MB/s",
                frames[2]);
        assertEquals("[1/2] rajpurkar/squad_v2/dev.json [==============================] 100% 4.0 MB / 4.0 MB  done"
                + System.lineSeparator(), frames[3]);
    }

    @Test
    void logOutputHasOneLinePerFileStartAndEnd() {
        ConsoleProgress progress = new ConsoleProgress(out, false, clock::get);
        progress.progress(at(Stage.DOWNLOADING, 0));
        progress.progress(at(Stage.DOWNLOADING, 2_000_000));
        progress.progress(at(Stage.VERIFYING, 4_000_000));
        progress.progress(at(Stage.DONE, 4_000_000));
        progress.progress(new DownloadProgress(new DataFile("a/b", "main", "x.json", null, -1), 1, 2, Stage.CACHED,
                1_500_000, 1_500_000));
        String nl = System.lineSeparator();
        assertEquals("[1/2] rajpurkar/squad_v2/dev.json [                              ]   0% 0.0 MB / 4.0 MB" + nl
                + "[1/2] rajpurkar/squad_v2/dev.json [==============================] 100% 4.0 MB / 4.0 MB  done" + nl
                + "[2/2] a/b/x.json cached (1.5 MB)" + nl, bytes.toString(StandardCharsets.UTF_8));
    }
}
