package org.longscope.core.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.longscope.api.bench.DataFile;

/**
 * Makes a benchmark's data files available before it is asked for samples, and says where they
 * are: the data directory handed to adapters as {@code SampleContext.dataDirectory()} (files are
 * under {@code <dataDirectory>/<repository>/<revision>/<path>}, see {@code DataFile.resolveIn}).
 */
@FunctionalInterface
public interface DataAccess {

    /**
     * @param benchmarkId the benchmark that needs the files
     * @param files       the files of the selected task (may be empty)
     * @param progress    one line per notable step (a file cached, downloaded, verified)
     * @return the data directory
     */
    Path prepare(String benchmarkId, List<DataFile> files, java.util.function.Consumer<String> progress) throws IOException;

    /** Data already on disk under {@code root}; nothing is downloaded. */
    static DataAccess local(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        return (benchmarkId, files, progress) -> dir;
    }
}
