package org.longscope.bench.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Per-sample random sources derived from the run's seed. {@link java.util.Random}'s algorithm is
 * specified by the JDK, so the same seed gives the same samples on any machine.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A random source for one sample, independent of every other sample. */
    public static Random forSample(long seed, String task, int length, int index) {
        return new Random(mix(seed, task + "/" + length + "/" + index));
    }

    /** A random source for one named purpose (e.g. a task's few-shot example). */
    public static Random forPurpose(long seed, String purpose) {
        return new Random(mix(seed, purpose));
    }

    static long mix(long seed, String label) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001B3L;
        }
        // splitmix64 finaliser spreads the bits
        h ^= h >>> 30;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 27;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
