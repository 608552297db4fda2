package org.longscope.nativeengine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.longscope.api.InvalidInputException;

/**
 * Reads little-endian values from a mapped file, checking every read against the end of the file so
 * that a corrupt header fails with a message instead of reading out of bounds or allocating a
 * length it never checked.
 */
final class HeaderCursor {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final String file;
    private long pos;

    HeaderCursor(MemorySegment data, String file) {
        this.data = data;
        this.file = file;
    }

    long position() {
        return pos;
    }

    long remaining() {
        return data.byteSize() - pos;
    }

    InvalidInputException error(String what) {
        return new InvalidInputException(file, what + " (header offset " + pos + ", file size " + data.byteSize() + ")");
    }

    private void need(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw error("truncated file: " + what + " needs " + n + " bytes but only " + remaining() + " remain");
        }
    }

    byte u8(String what) {
        need(1, what);
        return data.get(ValueLayout.JAVA_BYTE, pos++);
    }

    short u16(String what) {
        need(2, what);
        short v = data.get(U16, pos);
        pos += 2;
        return v;
    }

    int u32(String what) {
        need(4, what);
        int v = data.get(U32, pos);
        pos += 4;
        return v;
    }

    long u64(String what) {
        need(8, what);
        long v = data.get(U64, pos);
        pos += 8;
        return v;
    }

    float f32(String what) {
        need(4, what);
        float v = data.get(F32, pos);
        pos += 4;
        return v;
    }

    double f64(String what) {
        need(8, what);
        double v = data.get(F64, pos);
        pos += 8;
        return v;
    }

    String string(String what) {
        long len = u64(what + " length");
        if (len < 0 || len > remaining()) {
            throw error("truncated file or corrupt length: " + what + " claims " + Long.toUnsignedString(len)
                    + " bytes but only " + remaining() + " remain");
        }
        if (len > Integer.MAX_VALUE - 16) {
            throw error(what + " is longer than 2 GB");
        }
        byte[] bytes = data.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
        pos += len;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Reads a count and checks that {@code count} items of at least {@code minItemBytes} bytes each
     * fit in the rest of the file.
     */
    long count(String what, long minItemBytes) {
        long n = u64(what);
        if (n < 0 || n > remaining() / Math.max(1, minItemBytes)) {
            throw error("truncated file or absurd " + what + " " + Long.toUnsignedString(n) + ": " + remaining()
                    + " bytes remain, each item needs at least " + minItemBytes);
        }
        return n;
    }
}
