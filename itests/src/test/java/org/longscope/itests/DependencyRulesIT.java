package org.longscope.itests;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the distribution's LongScope bundles, checked on their classes with
 * ArchUnit: no package cycles inside a bundle, and no bundle reaching into another bundle's private
 * packages (only what a bundle exports is for others). The manifests say which is which.
 */
class DependencyRulesIT {
    /** One LongScope bundle: its classes and which of its packages it exports. */
    record Bundle(String name, Path jar, JavaClasses classes, Set<String> packages, Set<String> exports) {
    }

    static final List<Bundle> BUNDLES = new ArrayList<>();

    @BeforeAll
    static void readBundles() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Distribution.home().resolve("bundle"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                var attributes = file.getManifest().getMainAttributes();
                String name = String.valueOf(attributes.getValue("Bundle-SymbolicName")).split(";")[0].strip();
                if (!name.startsWith("org.longscope.") || name.startsWith("org.longscope.wrap.")) {
                    continue; // third-party libraries, and the wrappers that make bundles of them
                }
                JavaClasses classes = new ClassFileImporter().importJar(file);
                Set<String> packages = new TreeSet<>();
                classes.forEach(c -> packages.add(c.getPackageName()));
                BUNDLES.add(new Bundle(name, jar, classes, packages, exportedPackages(attributes.getValue("Export-Package"))));
            }
        }
        assertFalse(BUNDLES.isEmpty(), "no LongScope bundles in " + Distribution.home());
    }

    /** Package names of an Export-Package header (attributes and uses: lists dropped). */
    static Set<String> exportedPackages(String header) {
        Set<String> names = new TreeSet<>();
        if (header != null) {
            for (String clause : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) { // commas outside quotes
                names.add(clause.split(";")[0].strip());
            }
        }
        return names;
    }

    @Test
    void noBundleHasAPackageCycle() {
        for (Bundle b : BUNDLES) {
            slices().matching("org.longscope.(**)").namingSlices("$1 in " + b.name())
                    .should().beFreeOfCycles().allowEmptyShould(true)
                    .because(b.name() + " keeps its packages layered").check(b.classes());
        }
    }

    @Test
    void noBundleUsesAnotherBundlesPrivatePackages() {
        Map<String, String> privatePackages = new LinkedHashMap<>();
        for (Bundle b : BUNDLES) {
            b.packages().stream().filter(p -> !b.exports().contains(p)).forEach(p -> privatePackages.put(p, b.name()));
        }
        for (Bundle b : BUNDLES) {
            String[] others = privatePackages.entrySet().stream().filter(e -> !e.getValue().equals(b.name()))
                    .map(Map.Entry::getKey).toArray(String[]::new);
            if (others.length == 0) {
                continue;
            }
            noClasses().should().dependOnClassesThat(resideInAnyPackage(others))
                    .because("a bundle uses only what other bundles export (" + b.name() + ")").check(b.classes());
        }
    }

    /**
     * The server (REST, /v1, web pages) and the CLI use the API and core only, and the CLI the
     * hub client and the server's exported packages: backends, methods and benchmarks reach them
     * as services.
     */
    @Test
    void theServerAndTheCliUseOnlyTheApiAndCore() {
        onlyUse("org.longscope.server", "org.longscope.api..", "org.longscope.core..", "org.longscope.server..");
        onlyUse("org.longscope.cli", "org.longscope.api..", "org.longscope.core..", "org.longscope.hub", "org.longscope.launcher.spi",
                "org.longscope.server", "org.longscope.server.plugins", "org.longscope.cli..");
    }

    private static void onlyUse(String bundle, String... packages) {
        Bundle b = BUNDLES.stream().filter(x -> x.name().equals(bundle)).findFirst().orElseThrow(() -> new AssertionError("no bundle " + bundle));
        noClasses().should().dependOnClassesThat(resideInAnyPackage("org.longscope..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(resideInAnyPackage(packages))))
                .because(bundle + " reaches the rest of LongScope through services").check(b.classes());
    }
}
