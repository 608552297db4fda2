package org.longscope.nativeengine.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared/data} next to the repository root; tests skip with a reason when it is absent. */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !isRepositoryRoot(dir)) {
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(dir != null, "repository root (pom.xml of longscope-parent) not found above the working directory");
        Path p = dir.resolveSibling("shared").resolve("data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared test data absent: " + p);
        return p;
    }

    private static boolean isRepositoryRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>longscope-parent</artifactId>")
                    && !Files.readString(pom).contains("<parent>");
        } catch (IOException e) {
            return false;
        }
    }
}
