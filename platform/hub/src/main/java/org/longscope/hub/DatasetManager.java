package org.longscope.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.longscope.api.bench.DataFile;

/**
 * Makes the files benchmarks declare available on local disk. One OSGi service provided by the
 * core bundle (configured from framework properties and environment variables, see
 * {@link DatasetConfig#from}); code that needs another configuration (e.g. the CLI's
 * {@code --offline} flag) constructs a {@link HubDatasetManager} itself. Thread-safe: concurrent
 * calls for the same file wait for each other, also across processes sharing a cache.
 */
public interface DatasetManager {

    /** The configuration in use. */
    DatasetConfig config();

    /** Root of the cache; the run engine hands it to adapters as the sample context's data directory. */
    default Path cacheDirectory() {
        return config().cacheDirectory();
    }

    /**
     * Where the file lives in the cache: {@code <cache>/<repository>/<revision>/<path>}. It may
     * not exist yet.
     *
     * @throws DatasetException if the declaration is malformed (e.g. a path escaping the cache)
     */
    Path locate(DataFile file);

    /** The URL the file is fetched from. */
    URI url(DataFile file);

    /** Whether the file is in the cache with its declared size (the checksum is checked by {@link #ensure}). */
    boolean isCached(DataFile file);

    /** What the cache holds of the file: present, partly downloaded or missing (no checksum computed). */
    CacheStatus status(DataFile file);

    /**
     * Makes every file available: a cached file is verified (size and sha256), a missing or broken
     * one is downloaded (unless offline), resuming a partial download, then verified and moved into
     * place atomically. Every run calls this before asking an adapter for samples.
     *
     * @param benchmarkId the benchmark the files belong to, named in the "fetch it with" hint
     * @param files       what to ensure
     * @param listener    progress reports, or {@code null} for none
     * @return the local paths, in the order of {@code files}
     * @throws DatasetException naming the file and the reason (missing in offline mode with the
     *         command that fetches it, not found, checksum mismatch with expected and actual, ...)
     */
    List<Path> ensure(String benchmarkId, List<DataFile> files, DownloadListener listener);

    /**
     * Downloads what is missing, like {@link #ensure}, on behalf of {@code longscope data pull};
     * fails at once in offline mode, since an explicit pull asks for the network.
     */
    List<Path> pull(String benchmarkId, List<DataFile> files, DownloadListener listener);
}
