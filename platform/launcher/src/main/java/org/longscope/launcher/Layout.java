package org.longscope.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The distribution's folders: {@code bundle/} (core bundle set), {@code plugins/} (drop-in folder
 * watched by FileInstall), {@code conf/} (defaults), {@code lib/} (this jar and Felix) and
 * {@code cache/} (the Felix bundle cache, reused between starts).
 */
record Layout(Path home) {

    Path bundles() {
        return home.resolve("bundle");
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    Path conf() {
        return home.resolve("conf");
    }

    Path cache() {
        return home.resolve("cache");
    }

    /**
     * The home folder: the system property {@code longscope.home} (set by {@code bin/longscope}),
     * else the parent of the {@code lib/} folder this jar was loaded from.
     */
    static Layout locate() {
        String property = System.getProperty("longscope.home");
        if (property != null && !property.isBlank()) {
            return new Layout(Path.of(property).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = Files.isDirectory(jar) ? jar : jar.getParent();
            return new Layout(lib.getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the LongScope home folder; set -Dlongscope.home", e);
        }
    }

    /** Checks the folders a start needs; returns a message naming the missing one, or null. */
    String problem() {
        if (!Files.isDirectory(bundles())) {
            return "no bundle folder at " + bundles() + " (is longscope.home " + home + " a LongScope distribution?)";
        }
        return null;
    }
}
