package org.longscope.bench.synthetic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data next to the repository root, skipping the test when it is absent. */
final class SharedData {
    private SharedData() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !isRepositoryRoot(dir)) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "no repository root (a folder with pom.xml and plugins/) above the working directory");
        Path data = dir.resolveSibling("shared").resolve("data");
        assumeTrue(Files.isDirectory(data), "shared data not found at " + data + "; tests that need it are skipped");
        return data;
    }

    static Path tokenizer(String name) {
        Path dir = root().resolve("tokenizers").resolve(name);
        assumeTrue(Files.isRegularFile(dir.resolve("tokenizer.json")), "no tokenizer.json in " + dir);
        return dir;
    }

    private static boolean isRepositoryRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("plugins"));
    }
}
