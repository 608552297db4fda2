package org.longscope.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.longscope.server.ApiException;

/** Reads request bodies up to a limit; a larger body is refused with 413 before it is buffered. */
public final class BodyReader {
    private BodyReader() {
    }

    /**
     * @param declaredLength the Content-Length header, or -1 when absent (chunked)
     * @throws ApiException 413 when the body exceeds {@code limit} bytes
     */
    public static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "request body exceeds the limit of " + limit + " bytes");
    }

    /**
     * Reads and drops a body that will not be used (a refused request), up to {@code limit} bytes,
     * so the server does not close the connection on unread data: that resets it, and the client
     * loses the error response.
     */
    public static void discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total <= limit && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }
}
