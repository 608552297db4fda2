package org.longscope.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DatasetException.Reason;
import org.longscope.hub.DownloadProgress.Stage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The dataset manager for the Hugging Face hub and mirrors with its layout (or any layout a URL
 * template describes). Files are downloaded next to their final place as {@code <name>.part},
 * verified, then renamed atomically, so the cache never holds a half-written file under its real
 * name.
 */
@Component(service = DatasetManager.class)
public final class HubDatasetManager implements DatasetManager, AutoCloseable {
    private final DatasetConfig config;
    private final HubLayout layout;
    private final HttpClient client;
    private final PartDownloader downloader;
    private final Map<Path, Object> fileLocks = new ConcurrentHashMap<>();

    /**
     * As an OSGi service: configured from its component properties (ConfigAdmin PID
     * {@code org.longscope.hub.HubDatasetManager}), then framework properties (which fall back
     * to system properties), then the environment.
     */
    @Activate
    public HubDatasetManager(BundleContext context, Map<String, Object> properties) {
        this(DatasetConfig.from(key -> {
            Object value = properties.get(key);
            return value != null ? value.toString() : context.getProperty(key);
        }, System.getenv()));
    }

    public HubDatasetManager(DatasetConfig config) {
        this.config = config;
        this.layout = new HubLayout(config);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, to drop the token on other hosts
                .connectTimeout(config.connectTimeout())
                .build();
        this.downloader = new PartDownloader(client, config);
    }

    /** Aborts downloads in flight and releases the HTTP client's threads. */
    @Deactivate
    @Override
    public void close() {
        client.shutdownNow();
    }

    @Override
    public DatasetConfig config() {
        return config;
    }

    @Override
    public Path locate(DataFile file) {
        return layout.localPath(file);
    }

    @Override
    public URI url(DataFile file) {
        return layout.url(file);
    }

    @Override
    public boolean isCached(DataFile file) {
        return status(file).present();
    }

    @Override
    public CacheStatus status(DataFile file) {
        Path path = layout.localPath(file);
        try {
            if (Files.isRegularFile(path)) {
                long size = Files.size(path);
                return new CacheStatus(file, path, file.size() < 0 || size == file.size(), size);
            }
            Path part = sibling(path, ".part");
            return new CacheStatus(file, path, false, Files.isRegularFile(part) ? Files.size(part) : 0);
        } catch (IOException e) {
            return new CacheStatus(file, path, false, 0);
        }
    }

    @Override
    public List<Path> ensure(String benchmarkId, List<DataFile> files, DownloadListener listener) {
        files.forEach(HubLayout::validate);
        DownloadListener reports = listener == null ? DownloadListener.NONE : listener;
        List<Path> paths = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            paths.add(ensureOne(benchmarkId, files.get(i), i, files.size(), reports));
        }
        return List.copyOf(paths);
    }

    @Override
    public List<Path> pull(String benchmarkId, List<DataFile> files, DownloadListener listener) {
        if (config.offline() && !files.isEmpty()) {
            throw new DatasetException(files.getFirst(), Reason.OFFLINE_MISSING, "cannot pull the data of "
                    + benchmarkId + " in offline mode; unset LONGSCOPE_OFFLINE / HF_HUB_OFFLINE / "
                    + DatasetConfig.PROP_OFFLINE + " to download");
        }
        return ensure(benchmarkId, files, listener);
    }

    private Path ensureOne(String benchmarkId, DataFile file, int index, int count, DownloadListener listener) {
        Path target = layout.localPath(file);
        synchronized (fileLocks.computeIfAbsent(target, p -> new Object())) {
            try {
                if (config.offline()) { // writes nothing: no lock file, so a read-only cache works
                    return ensureLocked(benchmarkId, file, target, index, count, listener);
                }
                Files.createDirectories(target.getParent());
                try (FileChannel lockChannel = FileChannel.open(sibling(target, ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = lockAcrossProcesses(lockChannel)) {
                    return ensureLocked(benchmarkId, file, target, index, count, listener);
                }
            } catch (IOException e) {
                throw new DatasetException(file, Reason.CACHE_IO, "cannot use the cache at " + target + ": " + e, e);
            }
        }
    }

    /**
     * Locks the file's {@code .lock} file, or returns {@code null} on file systems without locks
     * (some network mounts), where only this process's own lock protects the download.
     */
    private static FileLock lockAcrossProcesses(FileChannel channel) {
        try {
            return channel.lock();
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs while this process holds the file's lock, so no one else writes its {@code .part} file. */
    private Path ensureLocked(String benchmarkId, DataFile file, Path target, int index, int count,
            DownloadListener listener) throws IOException {
        String cachedProblem = null;
        if (Files.isRegularFile(target)) {
            cachedProblem = problem(file, target);
            if (cachedProblem == null) {
                long size = Files.size(target);
                listener.progress(new DownloadProgress(file, index, count, Stage.CACHED, size, size));
                return target;
            }
            deleteBroken(target); // corrupt or stale: never hand it out
        }
        if (config.offline()) {
            throw new DatasetException(file, Reason.OFFLINE_MISSING, (cachedProblem == null
                    ? "not in the dataset cache (" + target + ")"
                    : "the cached copy " + target + " is broken (" + cachedProblem + ")")
                    + " and offline mode is on; fetch it with `longscope data pull " + benchmarkId
                    + "` on a machine with network access (or copy it to " + target + ")");
        }
        Path part = sibling(target, ".part");
        URI url = layout.url(file);
        long total = downloader.download(file, url, part,
                (done, all) -> listener.progress(new DownloadProgress(file, index, count, Stage.DOWNLOADING, done, all)));
        listener.progress(new DownloadProgress(file, index, count, Stage.VERIFYING, total, total));
        String problem = problem(file, part);
        if (problem != null) {
            Files.deleteIfExists(part);
            Reason reason = problem.startsWith("size") ? Reason.SIZE_MISMATCH : Reason.CHECKSUM_MISMATCH;
            throw new DatasetException(file, reason, problem + " after download from " + url
                    + "; the file has been deleted");
        }
        moveIntoPlace(part, target);
        listener.progress(new DownloadProgress(file, index, count, Stage.DONE, total, total));
        return target;
    }

    /** Deletes a cached copy that failed verification; offline, on a read-only cache, it may stay. */
    private void deleteBroken(Path target) throws IOException {
        try {
            Files.delete(target);
        } catch (IOException e) {
            if (!config.offline()) {
                throw e;
            }
        }
    }

    /** What is wrong with a local copy of the file, or {@code null} when it matches its declaration. */
    private static String problem(DataFile file, Path path) throws IOException {
        long size = Files.size(path);
        if (file.size() >= 0 && size != file.size()) {
            return "size mismatch: expected " + file.size() + " bytes, got " + size;
        }
        if (file.sha256() != null) {
            String actual = Checksums.sha256(path);
            if (!actual.equals(file.sha256())) {
                return "sha256 mismatch: expected " + file.sha256() + ", got " + actual;
            }
        }
        return null;
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling(target.getFileName() + suffix);
    }
}
