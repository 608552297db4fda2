package org.longscope.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs before the Pax Exam tests (surefire, not failsafe) and on every machine, including one whose
 * local repository already holds every artifact: each bundle Pax Exam provisions through its link
 * files must be a declared dependency of this module, so that Maven downloads it.
 */
class ProvisionedBundlesTest {

    @Test
    void everyBundlePaxExamLinksToIsADeclaredDependency() throws IOException {
        Set<String> declared = declaredDependencies();
        Map<String, String> links = PaxExamLinks.onClassPath();
        assertFalse(links.isEmpty(), "no " + PaxExamLinks.DIRECTORY + "*.link on the test class path");
        List<String> undeclared = new ArrayList<>();
        for (Map.Entry<String, String> link : links.entrySet()) {
            if (!PaxExamLinks.NOT_PROVISIONED.contains(link.getKey()) && !declared.contains(coordinates(link.getValue()))) {
                undeclared.add(link.getValue() + " (" + link.getKey() + ")");
            }
        }
        assertTrue(undeclared.isEmpty(), "Pax Exam provisions bundles that itests/pom.xml does not declare as "
                + "test dependencies, so a fresh machine never downloads them; declare each: " + undeclared);
    }

    @Test
    void everyLinkThatIsNotProvisionedStillExists() throws IOException {
        // a stale entry would silently exempt nothing; a renamed link must be looked at again
        Set<String> missing = new TreeSet<>(PaxExamLinks.NOT_PROVISIONED);
        missing.removeAll(PaxExamLinks.onClassPath().keySet());
        assertEquals(Set.of(), missing, "PaxExamLinks.NOT_PROVISIONED names links that no jar holds");
    }

    @Test
    void coordinatesReadTheMvnUrlOfALink() {
        assertEquals("org.ops4j.pax.exam:pax-exam-inject:4.14.0",
                coordinates("mvn:org.ops4j.pax.exam/pax-exam-inject/4.14.0"));
    }

    /** groupId:artifactId:version of each declared dependency, from maven-dependency-plugin's list. */
    private static Set<String> declaredDependencies() throws IOException {
        String file = System.getProperty("longscope.test.dependencies");
        assertTrue(file != null, "system property longscope.test.dependencies is not set (run through Maven)");
        Set<String> declared = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            // "   group:artifact:type[:classifier]:version:scope[ -- module name]"
            String[] parts = line.trim().split("\\s+")[0].split(":");
            if (parts.length >= 5) {
                declared.add(parts[0] + ":" + parts[1] + ":" + parts[parts.length - 2]);
            }
        }
        assertFalse(declared.isEmpty(), "no dependencies listed in " + file);
        return declared;
    }

    /** groupId:artifactId:version of an {@code mvn:group/artifact/version} URL. */
    static String coordinates(String mvnUrl) {
        String[] parts = mvnUrl.replaceFirst("^mvn:", "").split("/");
        if (!mvnUrl.startsWith("mvn:") || parts.length < 3) {
            throw new IllegalArgumentException("not an mvn:group/artifact/version URL: " + mvnUrl);
        }
        return parts[0] + ":" + parts[1] + ":" + parts[2];
    }
}
