package org.longscope.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest folder above the working directory with the root pom.xml. */
final class RepositoryRoot {
    private RepositoryRoot() {
    }

    static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("tools/trainer"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
