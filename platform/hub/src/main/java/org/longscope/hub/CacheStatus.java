package org.longscope.hub;

import java.nio.file.Path;
import org.longscope.api.bench.DataFile;

/**
 * Where a file stands in the cache, without checking its checksum (for listings such as
 * {@code longscope data list}).
 *
 * @param file         the file
 * @param path         its place in the cache
 * @param present      whether the file is there under its final name with the declared size
 * @param bytesPresent size of the file, or of its {@code .part} file when only a partial download
 *                     exists, or 0
 */
public record CacheStatus(DataFile file, Path path, boolean present, long bytesPresent) {

    /** A partial download waits to be resumed. */
    public boolean partial() {
        return !present && bytesPresent > 0;
    }
}
