package org.longscope.hub;

import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.DataFile;

/**
 * A data file could not be made available. The message names the file (repository, revision,
 * path), what went wrong and, where there is one, what to do about it. It is an
 * {@link InvalidInputException} because callers treat it like bad input: report the message and
 * keep the platform running.
 */
public class DatasetException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** Why the file is unavailable. */
    public enum Reason {
        /** The declared file is malformed (e.g. a path escaping the cache). */
        INVALID_DECLARATION,
        /** Offline mode is on and the file is not in the cache. */
        OFFLINE_MISSING,
        /** The server answered 404. */
        NOT_FOUND,
        /** The server answered 401 or 403 (gated or private dataset, missing or wrong HF_TOKEN). */
        UNAUTHORIZED,
        /** Another HTTP status that is not worth retrying, or too many redirects. */
        HTTP_ERROR,
        /** Transient failures (network, 5xx, 429) persisted through every attempt. */
        NETWORK,
        /** The file's size differs from the declared size. */
        SIZE_MISMATCH,
        /** The file's sha256 differs from the declared checksum. */
        CHECKSUM_MISMATCH,
        /** The local cache could not be written or read. */
        CACHE_IO
    }

    private final transient DataFile file;
    private final Reason reason;

    public DatasetException(DataFile file, Reason reason, String message) {
        this(file, reason, message, null);
    }

    public DatasetException(DataFile file, Reason reason, String message, Throwable cause) {
        super(describe(file), message, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file concerned. */
    public DataFile file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code repository/revision/path}, the way files are named in messages. */
    static String describe(DataFile file) {
        if (file == null) {
            return "";
        }
        return "dataset file " + file.repository() + "/" + file.revision() + "/" + file.path();
    }
}
