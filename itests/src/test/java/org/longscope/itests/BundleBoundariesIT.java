package org.longscope.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bundles of the distribution keep to their boundaries, as their manifests declare them. */
class BundleBoundariesIT {

    /** The server (CLI, REST, /v1) imports the API and core only: backends reach it as services. */
    @Test
    void theServerImportsOnlyTheApiAndCoreOfLongScope() throws IOException {
        Path server;
        try (Stream<Path> bundles = Files.list(Distribution.home().resolve("bundle"))) {
            server = bundles.filter(p -> p.getFileName().toString().startsWith("server-")).findFirst().orElseThrow();
        }
        String imports;
        try (JarFile jar = new JarFile(server.toFile())) {
            imports = jar.getManifest().getMainAttributes().getValue("Import-Package");
        }
        List<String> ours = new ArrayList<>();
        for (String clause : imports.split(",(?=[a-z])")) {
            String name = clause.split(";")[0].strip();
            if (name.startsWith("org.longscope.")) {
                ours.add(name);
            }
        }
        assertTrue(!ours.isEmpty(), imports);
        assertEquals(List.of(), ours.stream().filter(p -> !p.startsWith("org.longscope.api") && !p.startsWith("org.longscope.core")
                && !p.equals("org.longscope.launcher.spi")).toList(), "imports of other bundles' packages: " + ours);
    }
}
