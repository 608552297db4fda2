package org.longscope.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * A copy of the distribution under {@code work/longscope} (without its download cache), for
     * tests that write into it: plugins dropped in or uploaded, runs of its default runs folder.
     */
    static Path copyTo(Path work) throws IOException {
        Path dist = home();
        Path copy = work.resolve("longscope");
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : files.filter(p -> !dist.relativize(p).startsWith("cache")).toList()) {
                Path target = copy.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(copy.resolve("plugins"));
        return copy;
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
