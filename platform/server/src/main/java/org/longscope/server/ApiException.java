package org.longscope.server;

/**
 * A request that cannot be served, with the HTTP status and the error code of the JSON body
 * {@code {"code": ..., "message": ...}}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_input", message);
    }
}
