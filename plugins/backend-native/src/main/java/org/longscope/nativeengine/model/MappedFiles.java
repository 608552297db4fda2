package org.longscope.nativeengine.model;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;

/** Memory-maps model files for the kernels. */
public final class MappedFiles {
    /**
     * Maps the first {@code size} bytes of {@code channel} read-only for the lifetime of {@code arena},
     * viewed as a plain native segment over the mapping. The kernels read weights (mapped) and
     * activations and caches (native) through the same JDK code, whose type profiles C2 uses: with
     * two segment classes in them, a Q8_0 model run in a JVM that had run an F32 model first decoded
     * at 17 tokens/s instead of 35, and F32 decode itself reached 17 tokens/s only with one class.
     */
    public static MemorySegment mapReadOnly(FileChannel channel, long size, Arena arena) throws IOException {
        MemorySegment mapped = channel.map(MapMode.READ_ONLY, 0, size, arena);
        return MemorySegment.ofAddress(mapped.address()).reinterpret(size, arena, null).asReadOnly();
    }

    private MappedFiles() {
    }
}
