package org.longscope.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.longscope.server.ApiException;

class BodyReaderTest {
    @Test
    void readsABodyUpToTheLimit() throws Exception {
        byte[] body = new byte[100];
        body[99] = 7;
        assertArrayEquals(body, BodyReader.read(new ByteArrayInputStream(body), 100, 100));
        assertArrayEquals(body, BodyReader.read(new ByteArrayInputStream(body), -1, 100));
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReading() {
        ApiException e = assertThrows(ApiException.class,
                () -> BodyReader.read(new ByteArrayInputStream(new byte[0]), 101, 100));
        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimit() {
        ApiException e = assertThrows(ApiException.class,
                () -> BodyReader.read(new ByteArrayInputStream(new byte[20_000]), -1, 10_000));
        assertEquals(413, e.status());
    }

    @Test
    void discardReadsAnUnusedBodyToTheEndWithinTheLimit() throws Exception {
        ByteArrayInputStream small = new ByteArrayInputStream(new byte[20_000]);
        BodyReader.discard(small, 100_000);
        assertEquals(0, small.available());
        // past the limit it stops reading rather than draining an endless body
        ByteArrayInputStream large = new ByteArrayInputStream(new byte[100_000]);
        BodyReader.discard(large, 10_000);
        assertEquals(true, large.available() > 0);
    }
}
