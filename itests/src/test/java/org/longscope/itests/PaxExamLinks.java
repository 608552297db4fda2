package org.longscope.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The bundles Pax Exam provisions by itself: it installs {@code link:classpath:META-INF/links/NAME.link}
 * locations, each file holding one {@code mvn:} URL, which Pax URL resolves from the local Maven
 * repository only (see the failsafe configuration). An artifact named there that no pom declares
 * is never downloaded, and the container fails on a machine that never fetched it another way.
 */
final class PaxExamLinks {
    static final String DIRECTORY = "META-INF/links/";

    /**
     * Links that pax-exam-link-mvn ships for other containers (forked and remote: logging back ends
     * and the remote bundle context); the native container never installs them, which
     * {@code PlatformIT} checks against the bundles it finds installed.
     */
    static final Set<String> NOT_PROVISIONED = Set.of(
            "ch.qos.logback.core.link", "ch.qos.logback.classic.link",
            "org.slf4j.api.link", "org.ops4j.pax.exam.rbc.link");

    private PaxExamLinks() {
    }

    /** Every link file on the class path, by file name, with the mvn: URL it holds. */
    static Map<String, String> onClassPath() throws IOException {
        Map<String, String> links = new TreeMap<>();
        for (URL directory : Collections.list(PaxExamLinks.class.getClassLoader().getResources(DIRECTORY))) {
            if (!(directory.openConnection() instanceof JarURLConnection jar)) {
                throw new IllegalStateException("link directory outside a jar: " + directory);
            }
            JarFile file = jar.getJarFile();
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith(DIRECTORY) && name.endsWith(".link")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        links.put(name.substring(DIRECTORY.length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
                    }
                }
            }
        }
        return links;
    }

    /** The link file name of a bundle location, or null when the location is not a Pax Exam link. */
    static String linkName(String location) {
        String prefix = "link:classpath:" + DIRECTORY;
        return location.startsWith(prefix) ? location.substring(prefix.length()) : null;
    }
}
