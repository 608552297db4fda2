package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.longscope.api.model.Decoding;
import org.longscope.nativeengine.kernel.VectorOps;

/**
 * Picks the next token from logits: greedy (arg max, lowest id on ties) or sampled with
 * temperature, top-k and top-p (nucleus), from a seeded generator so a seed reproduces a run.
 *
 * <p>Candidates are packed as {@code (probability bits << 32) | id} in a preallocated array and
 * sorted as primitives, so sampling allocates nothing per token.
 */
public final class Sampler {
    private final int vocab;
    private final Decoding decoding;
    private final SplittableRandom random;
    private final long[] candidates;

    public Sampler(int vocab, Decoding decoding) {
        this.vocab = vocab;
        this.decoding = decoding;
        this.random = new SplittableRandom(decoding.seed());
        this.candidates = decoding.greedy() ? null : new long[vocab];
    }

    /** The next token; may overwrite the logits. */
    public int next(MemorySegment logits, long offset) {
        if (decoding.greedy()) {
            return argMax(logits, offset, vocab);
        }
        VectorOps.softmax(logits, offset, vocab, (float) decoding.temperature());
        // Tokens below (1 - topP) / (vocab - 1) can never be in the nucleus (llama2.c's cut-off).
        float cutoff = decoding.topP() < 1 ? (float) ((1 - decoding.topP()) / (vocab - 1)) : 0f;
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float p = logits.get(JAVA_FLOAT_UNALIGNED, offset + 4L * i);
            if (p >= cutoff && p > 0) {
                candidates[n++] = ((long) Float.floatToRawIntBits(p) << 32) | i;
            }
        }
        if (n == 0) {
            return argMax(logits, offset, vocab);
        }
        if (decoding.topK() > 0 && decoding.topK() < n) {
            n = keepLargest(candidates, n, decoding.topK());
        }
        Arrays.sort(candidates, 0, n); // ascending: most probable last
        int limit = n;
        double mass = 0;
        int kept = 0;
        for (int i = n - 1; i >= n - limit; i--) {
            mass += Float.intBitsToFloat((int) (candidates[i] >>> 32));
            kept++;
            if (mass >= decoding.topP()) {
                break;
            }
        }
        double r = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = n - 1; i >= n - kept; i--) {
            cumulative += Float.intBitsToFloat((int) (candidates[i] >>> 32));
            if (r < cumulative) {
                return (int) candidates[i];
            }
        }
        return (int) candidates[n - kept];
    }

    /** Moves the k largest of {@code a[0..n)} to {@code a[0..k)} with a min-heap; returns k. */
    static int keepLargest(long[] a, int n, int k) {
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(a, i, k);
        }
        for (int i = k; i < n; i++) {
            if (a[i] > a[0]) {
                a[0] = a[i];
                siftDown(a, 0, k);
            }
        }
        return k;
    }

    private static void siftDown(long[] heap, int i, int size) {
        long v = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= v) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }

    /** Index of the largest of {@code n} floats; the lowest index on ties. */
    public static int argMax(MemorySegment logits, long offset, int n) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = logits.get(JAVA_FLOAT_UNALIGNED, offset + 4L * i);
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }
}
