package org.longscope.nativeengine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void runsEveryChunkExactlyOnceAcrossManyLoops() {
        try (ComputePool pool = new ComputePool(3)) {
            for (int loop = 0; loop < 20_000; loop++) {
                int chunks = 1 + loop % 17;
                AtomicIntegerArray hits = new AtomicIntegerArray(chunks);
                pool.run(chunks, hits::incrementAndGet);
                for (int i = 0; i < chunks; i++) {
                    assertEquals(1, hits.get(i), "loop " + loop + " chunk " + i);
                }
            }
        }
    }

    @Test
    void aFailingChunkFailsTheLoopAndThePoolStaysUsable() {
        try (ComputePool pool = new ComputePool(2)) {
            assertThrows(IllegalStateException.class, () -> pool.run(8, i -> {
                if (i == 5) {
                    throw new IllegalStateException("chunk 5");
                }
            }));
            AtomicIntegerArray hits = new AtomicIntegerArray(4);
            pool.run(4, hits::incrementAndGet);
            assertEquals(4, hits.get(0) + hits.get(1) + hits.get(2) + hits.get(3));
        }
    }
}
