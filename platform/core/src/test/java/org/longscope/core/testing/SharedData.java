package org.longscope.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/data} next to the repository root; tests skip when it is absent. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data folder, or a skipped test when it is missing. */
    public static Path require() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !isRepositoryRoot(dir)) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "no repository root (folder with pom.xml and platform/) above the working directory");
        Path data = dir.resolveSibling("shared").resolve("data");
        assumeTrue(Files.isDirectory(data), "shared test data absent: " + data);
        return data;
    }

    private static boolean isRepositoryRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("platform"));
    }
}
