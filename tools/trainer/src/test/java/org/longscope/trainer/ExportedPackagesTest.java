package org.longscope.trainer;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The trainer is a tool outside the platform, but it uses LongScope's bundles only through what
 * they export (their manifests' Export-Package), like any third-party code would.
 */
class ExportedPackagesTest {

    /** Packages the LongScope bundles on the class path export. */
    static Set<String> exported() throws IOException {
        Set<String> packages = new TreeSet<>();
        Enumeration<URL> manifests = ExportedPackagesTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                var attributes = new Manifest(in).getMainAttributes();
                String name = attributes.getValue("Bundle-SymbolicName");
                String header = attributes.getValue("Export-Package");
                if (name == null || !name.startsWith("org.longscope.") || header == null) {
                    continue;
                }
                for (String clause : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) { // commas outside quotes
                    packages.add(clause.split(";")[0].strip());
                }
            }
        }
        return packages;
    }

    @Test
    void theTrainerUsesOnlyExportedPackagesOfLongScopesBundles() throws IOException {
        Set<String> exported = exported();
        assertTrue(exported.contains("org.longscope.api"), "no LongScope bundle manifests on the class path: " + exported);
        var trainer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.longscope.trainer");
        String[] allowed = exported.toArray(String[]::new);
        noClasses().should().dependOnClassesThat(resideInAnyPackage("org.longscope..")
                        .and(DescribedPredicate.not(resideInAnyPackage(allowed)))
                        .and(DescribedPredicate.not(resideInAnyPackage("org.longscope.trainer.."))))
                .because("the trainer uses LongScope's bundles through their exported packages only")
                .check(trainer);
    }
}
