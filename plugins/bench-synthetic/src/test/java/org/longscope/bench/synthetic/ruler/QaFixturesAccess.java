package org.longscope.bench.synthetic.ruler;

import java.io.IOException;
import java.nio.file.Path;

/** Opens {@link QaFixtures} to tests and benchmarks of other packages. */
public final class QaFixturesAccess {
    private QaFixturesAccess() {
    }

    public static void write(Path directory, int documents) throws IOException {
        QaFixtures.write(directory, documents);
    }
}
