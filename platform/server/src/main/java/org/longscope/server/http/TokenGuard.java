package org.longscope.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token rule: when a token is configured, every state-changing call must carry
 * {@code Authorization: Bearer <token>}; a server bound to a non-loopback address must have one.
 */
public final class TokenGuard {
    private final byte[] token;

    private TokenGuard(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalStateException when {@code host} is not a loopback address and there is no token
     */
    public static TokenGuard forBinding(String host, String token) {
        if ((token == null || token.isBlank()) && !isLoopback(host)) {
            throw new IllegalStateException("the server binds " + host + ", which is not a loopback address: "
                    + "a token (longscope.server.token) is required");
        }
        return new TokenGuard(token);
    }

    public boolean required() {
        return token != null;
    }

    /** Whether a request with this Authorization header may change state. */
    public boolean permits(String authorizationHeader) {
        if (token == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given); // constant time
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // unset means all interfaces for Jetty
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
