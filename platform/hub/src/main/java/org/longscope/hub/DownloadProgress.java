package org.longscope.hub;

import org.longscope.api.bench.DataFile;

/**
 * One progress report of {@link DatasetManager#ensure}.
 *
 * @param file       the file concerned
 * @param fileIndex  its position among the files being ensured (0-based)
 * @param fileCount  how many files are being ensured
 * @param stage      what is happening to it
 * @param bytesDone  bytes on disk so far (including bytes kept from an earlier, interrupted download)
 * @param bytesTotal the file's size, or -1 while unknown
 */
public record DownloadProgress(DataFile file, int fileIndex, int fileCount, Stage stage, long bytesDone,
        long bytesTotal) {

    /** Share of the file on disk, 0..100, or -1 while the size is unknown. */
    public double percent() {
        return bytesTotal > 0 ? Math.min(100.0, 100.0 * bytesDone / bytesTotal) : -1;
    }

    /**
     * One line for a terminal, e.g.
     * {@code [1/2] rajpurkar/squad_v2/main/dev-v2.0.json  12.3 MB / 42.1 MB  29%  downloading}.
     */
    public String describe() {
        String size = bytesTotal >= 0 ? megabytes(bytesDone) + " / " + megabytes(bytesTotal) + "  "
                + Math.round(percent()) + "%" : megabytes(bytesDone);
        return "[" + (fileIndex + 1) + "/" + fileCount + "] " + file.repository() + "/" + file.revision() + "/"
                + file.path() + "  " + size + "  " + stage.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Where a file is in its life. */
    public enum Stage {
        /** Already in the cache and verified: no download needed. */
        CACHED,
        /** Bytes are arriving (reported after each chunk written). */
        DOWNLOADING,
        /** Download finished; computing the checksum. */
        VERIFYING,
        /** Verified and moved into place. */
        DONE
    }
}
