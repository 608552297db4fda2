package org.longscope.nativeengine.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.longscope.api.kv.KvCache;
import org.longscope.nativeengine.kernel.ComputePool;

/**
 * The decode path allocates nothing per token: after warm-up (so the JIT has compiled the vector
 * kernels and removed their boxing), decode steps on a one-thread pool (all work on the calling
 * thread, where allocation is counted) allocate no heap memory. The cache is the non-allocating
 * scalar reference cache, so the figure is the engine's own.
 */
class DecodeAllocationTest {

    @Test
    void decodeStepsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofShared();
                ComputePool pool = new ComputePool(1)) {
            GoldenModel golden = GoldenModel.load("qwen3", arena);
            int vocab = golden.config().vocabSize();
            int[] next = new int[1];
            LogitsConsumer greedy = (index, logits, offset) -> next[0] = Sampler.argMax(logits, offset, vocab);
            try (Transformer model = new Transformer("qwen3", golden.config(), golden.tensors(), pool, 8);
                    KvCache cache = new ReferenceKvCache(model.geometry(8192))) {
                model.forward(golden.tokens(), golden.tokens().length, 0, cache, golden.tokens().length - 1, greedy);
                cache.endPrefill();
                int position = golden.tokens().length;
                for (int i = 0; i < 3000; i++) { // warm-up: let C2 compile the decode path
                    model.forward(next, 1, position++, cache, 0, greedy);
                }
                // the least of several windows: a late compilation after the warm-up shows in one
                // window only, while a path that allocates per token allocates in every window (this
                // test runs in a fork of its own, see the module's pom)
                int steps = 200;
                long least = Long.MAX_VALUE;
                for (int window = 0; window < 5 && least >= 16L * steps; window++) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < steps; i++) {
                        model.forward(next, 1, position++, cache, 0, greedy);
                    }
                    least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
                }
                assertTrue(least < 16L * steps, "decode allocated " + least + " bytes in " + steps + " steps (least of 5 windows)");
            }
        }
    }
}
