package org.longscope.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The built distribution (dist/target/longscope) and the test backend bundle, as the build passes them. */
final class Distribution {
    private Distribution() {
    }

    static Path home() {
        Path home = Path.of(required("longscope.dist.dir")).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("bundle"))) {
            throw new IllegalStateException("no distribution at " + home + ": build dist first (mvn -pl dist install)");
        }
        return home;
    }

    /** The jars of bundle/, the core bundle set. */
    static List<Path> coreBundles() {
        try (Stream<Path> files = Files.list(home().resolve("bundle"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test-only backend bundle built by this module (longscope.id=digits). */
    static Path testBackend() {
        Path jar = Path.of(required("longscope.test.bundle"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no test backend bundle at " + jar + ": run the itests module's package phase");
        }
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }
}
