package org.longscope.api.bench;

import java.nio.file.Path;

/**
 * A file a benchmark needs, in the Hugging Face hub's layout
 * ({@code <base>/datasets/<repository>/resolve/<revision>/<path>}).
 *
 * @param repository dataset repository, e.g. {@code THUDM/LongBench}
 * @param revision   commit or branch
 * @param path       path inside the repository
 * @param sha256     expected checksum (lower-case hex), or {@code null} if not pinned
 * @param size       expected size in bytes, or -1 if unknown
 */
public record DataFile(String repository, String revision, String path, String sha256, long size) {

    /**
     * Where the dataset manager puts this file under a data directory
     * ({@link SampleContext#dataDirectory()}): {@code <directory>/<repository>/<revision>/<path>}.
     */
    public Path resolveIn(Path directory) {
        return directory.resolve(repository).resolve(revision).resolve(path);
    }
}
