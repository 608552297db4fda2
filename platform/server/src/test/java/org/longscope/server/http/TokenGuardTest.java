package org.longscope.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenGuardTest {
    @Test
    void withoutATokenLoopbackPermitsEverything() {
        TokenGuard guard = TokenGuard.forBinding("127.0.0.1", null);
        assertFalse(guard.required());
        assertTrue(guard.permits(null));
    }

    @Test
    void aConfiguredTokenIsRequiredExactly() {
        TokenGuard guard = TokenGuard.forBinding("localhost", "s3cret");
        assertTrue(guard.required());
        assertTrue(guard.permits("Bearer s3cret"));
        assertTrue(guard.permits("bearer s3cret"));
        assertFalse(guard.permits(null));
        assertFalse(guard.permits("Bearer s3cre"));
        assertFalse(guard.permits("Bearer s3cret2"));
        assertFalse(guard.permits("Basic s3cret"));
        assertFalse(guard.permits("s3cret"));
    }

    @Test
    void aNonLoopbackAddressWithoutATokenIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TokenGuard.forBinding("0.0.0.0", ""));
        assertTrue(e.getMessage().contains("token"));
        assertThrows(IllegalStateException.class, () -> TokenGuard.forBinding(null, null));
        assertTrue(TokenGuard.forBinding("0.0.0.0", "t").required());
    }
}
