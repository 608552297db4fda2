package org.longscope.api.bench;

import java.nio.file.Path;

/**
 * A file a benchmark (or a backend) needs, in the Hugging Face hub's layout
 * ({@code <base>/datasets/<repository>/resolve/<revision>/<path>}; for a model repository
 * {@code <base>/<repository>/resolve/<revision>/<path>}).
 *
 * @param repository      dataset (or model) repository, e.g. {@code THUDM/LongBench}
 * @param revision        commit or branch
 * @param path            path inside the repository
 * @param sha256          expected checksum (lower-case hex), or {@code null} if not pinned
 * @param size            expected size in bytes, or -1 if unknown
 * @param modelRepository whether the repository is a model's (a tokenizer, a config) rather than a dataset's
 */
public record DataFile(String repository, String revision, String path, String sha256, long size, boolean modelRepository) {

    /** A file of a dataset repository. */
    public DataFile(String repository, String revision, String path, String sha256, long size) {
        this(repository, revision, path, sha256, size, false);
    }

    /** A file of a model repository, unpinned. */
    public static DataFile ofModel(String repository, String revision, String path) {
        return new DataFile(repository, revision, path, null, -1, true);
    }

    /**
     * Where the dataset manager puts this file under a data directory
     * ({@link SampleContext#dataDirectory()}): {@code <directory>/<repository>/<revision>/<path>},
     * and {@code <directory>/models/<repository>/...} for a model repository's.
     */
    public Path resolveIn(Path directory) {
        Path root = modelRepository ? directory.resolve("models") : directory;
        return root.resolve(repository).resolve(revision).resolve(path);
    }
}
