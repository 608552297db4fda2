package org.longscope.core.suites;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.registry.Registry;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.ServiceRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The suites: those shipped with LongScope (resources {@code org/longscope/core/suites/<name>.yaml}
 * of the core bundle), found by name in the {@link Registry} under {@link ServiceProperties#KIND_SUITE}
 * (the core bundle enters them there), and suites read from files. An OSGi service and a plain class
 * ({@code new SuiteLibrary()} holds a registry of the shipped suites alone).
 */
@Component(service = SuiteLibrary.class)
public final class SuiteLibrary {
    /** The shipped suites, in the order they are listed. */
    static final List<String> SHIPPED = List.of("quick", "standard", "short", "loombench");

    private final Registry registry;

    /** Outside the framework: the shipped suites only. */
    public SuiteLibrary() {
        ServiceRegistry own = new ServiceRegistry();
        registerShipped(own, new Origin("org.longscope.core", "0"));
        this.registry = own;
    }

    @Activate
    public SuiteLibrary(@Reference Registry registry) {
        this.registry = registry;
    }

    /** Enters the shipped suites into a registry, as provided by {@code origin} (the core bundle). */
    public static void registerShipped(ServiceRegistry registry, Origin origin) {
        for (String name : SHIPPED) {
            Suite suite = shipped(name);
            registry.add(ServiceProperties.KIND_SUITE, name, suite, origin, suite.description());
        }
    }

    /** Names of the suites: the shipped ones in their order, then any others by name. */
    public List<String> names() {
        List<String> names = new ArrayList<>(SHIPPED.stream().filter(n -> registry.has(ServiceProperties.KIND_SUITE, n)).toList());
        registry.ids(ServiceProperties.KIND_SUITE).stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** Every suite, parsed, in the order of {@link #names()}. */
    public List<Suite> list() {
        return names().stream().map(n -> registry.find(ServiceProperties.KIND_SUITE, n, Suite.class))
                .flatMap(java.util.Optional::stream).toList();
    }

    /**
     * A suite by name.
     *
     * @throws InvalidInputException for an unknown name, listing the available ones with their bundles
     */
    public Suite load(String name) {
        try {
            return registry.get(ServiceProperties.KIND_SUITE, name, Suite.class, "suite");
        } catch (InvalidInputException e) {
            throw new InvalidInputException("suite", e.getMessage().substring("suite: ".length())
                    + " (or give the path of a suite YAML file)", e);
        }
    }

    private static Suite shipped(String name) {
        String resource = name + ".yaml";
        try (InputStream in = SuiteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped suite resource missing from the bundle: " + resource);
            }
            return SuiteParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "suite " + resource, name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read shipped suite " + resource, e);
        }
    }

    /** A suite from a YAML file; its name defaults to the file name without extension. */
    public Suite load(Path file) {
        String document;
        try {
            document = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "suite file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read suite file: " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        String base = fileName.replaceFirst("\\.(ya?ml|json)$", "");
        return SuiteParser.parse(document, file.toString(), base);
    }

    /**
     * What {@code --suite} accepts: a shipped suite's name, or the path of a suite file (anything
     * with a path separator or a .yaml/.yml/.json extension, or an existing file).
     */
    public Suite resolve(String nameOrPath) {
        if (registry.has(ServiceProperties.KIND_SUITE, nameOrPath)) {
            return load(nameOrPath);
        }
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator)
                || nameOrPath.matches(".*\\.(ya?ml|json)$");
        Path path = Path.of(nameOrPath);
        if (looksLikePath || Files.isRegularFile(path)) {
            return load(path);
        }
        return load(nameOrPath); // unknown name: the error lists the suites there are
    }

    /** Parses a suite document (e.g. uploaded through REST). */
    public Suite parse(String document, String sourceName) {
        return SuiteParser.parse(document, sourceName, sourceName.replaceFirst("\\.(ya?ml|json)$", ""));
    }
}
