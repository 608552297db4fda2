package org.longscope.api;

/**
 * Bad input from a user: a malformed spec, an unknown id, a corrupt file, a broken dataset line.
 * The message always names the culprit (file, field path or line) and what was expected, so it can
 * be shown to the user as is. Services throw it instead of generic exceptions for input problems;
 * the platform reports it (exit code 2 on the CLI, HTTP 400 on REST) and keeps running.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * @param location what is wrong, e.g. {@code benchmarks[1].lengths[0]} or {@code model.gguf: tensor blk.0.attn_q.weight}
     * @param message what was expected and what was found
     */
    public InvalidInputException(String location, String message) {
        super(location == null || location.isEmpty() ? message : location + ": " + message);
        this.location = location;
    }

    public InvalidInputException(String location, String message, Throwable cause) {
        super(location == null || location.isEmpty() ? message : location + ": " + message, cause);
        this.location = location;
    }

    /** The file, field path or line the problem is in; may be empty. */
    public String location() {
        return location;
    }
}
