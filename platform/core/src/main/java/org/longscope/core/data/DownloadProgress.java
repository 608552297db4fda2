package org.longscope.core.data;

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
