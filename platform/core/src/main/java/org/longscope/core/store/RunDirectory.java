package org.longscope.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.longscope.api.InvalidInputException;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.json.Json;
import org.longscope.core.spec.SpecParser;

/** The files of one run directory {@code runs/<run-id>/}. */
public record RunDirectory(Path path) {

    public static final String SPEC = "spec.json";
    public static final String SAMPLES = "samples.jsonl";
    public static final String SUMMARY = "summary.json";
    public static final String SUMMARY_CSV = "summary.csv";

    public String runId() {
        return path.getFileName().toString();
    }

    public Path spec() {
        return path.resolve(SPEC);
    }

    public Path samples() {
        return path.resolve(SAMPLES);
    }

    public Path summary() {
        return path.resolve(SUMMARY);
    }

    public Path summaryCsv() {
        return path.resolve(SUMMARY_CSV);
    }

    /** Writes spec.json: {@code {"run_id", "spec": <the spec document>, ...extra}}. */
    public void writeSpec(ObjectNode document) throws IOException {
        writeAtomically(spec(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    public ObjectNode readSpecDocument() throws IOException {
        if (!Files.isRegularFile(spec())) {
            throw new InvalidInputException(path.toString(), "not a run directory: no " + SPEC);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(spec().toFile());
        } catch (IOException e) {
            throw new InvalidInputException(spec().toString(), "expected JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode o) || !o.has("spec")) {
            throw new InvalidInputException(spec().toString(), "expected an object with a 'spec' field");
        }
        return o;
    }

    /** The run's spec as stored in spec.json. */
    public RunSpec readSpec() throws IOException {
        try {
            return SpecParser.parse(readSpecDocument().get("spec"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(spec() + ": spec." + e.location(), e.getMessage(), e);
        }
    }

    /** Writes text through a temporary file and a rename, so readers never see half a file. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
