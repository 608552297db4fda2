package org.longscope.core.suites;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.longscope.api.InvalidInputException;
import org.osgi.service.component.annotations.Component;

/**
 * The suites shipped with LongScope (resources {@code org/longscope/core/suites/<name>.yaml} of
 * the core bundle) and suites read from files. Stateless; an OSGi service and a plain class.
 */
@Component(service = SuiteLibrary.class)
public final class SuiteLibrary {
    /** The shipped suites, in the order they are listed. */
    static final List<String> SHIPPED = List.of("quick", "standard", "short", "loombench");

    /** Names of the shipped suites. */
    public List<String> names() {
        return SHIPPED;
    }

    /** Every shipped suite, parsed. */
    public List<Suite> list() {
        return SHIPPED.stream().map(this::load).toList();
    }

    /**
     * A shipped suite by name.
     *
     * @throws InvalidInputException for an unknown name, listing the available ones
     */
    public Suite load(String name) {
        if (!SHIPPED.contains(name)) {
            throw new InvalidInputException("suite", "unknown suite '" + name + "'; available: "
                    + String.join(", ", SHIPPED) + " (or give the path of a suite YAML file)");
        }
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
        if (SHIPPED.contains(nameOrPath)) {
            return load(nameOrPath);
        }
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator)
                || nameOrPath.matches(".*\\.(ya?ml|json)$");
        Path path = Path.of(nameOrPath);
        if (looksLikePath || Files.isRegularFile(path)) {
            return load(path);
        }
        return load(nameOrPath); // unknown name: the error lists the shipped suites
    }

    /** Parses a suite document (e.g. uploaded through REST). */
    public Suite parse(String document, String sourceName) {
        return SuiteParser.parse(document, sourceName, sourceName.replaceFirst("\\.(ya?ml|json)$", ""));
    }
}
