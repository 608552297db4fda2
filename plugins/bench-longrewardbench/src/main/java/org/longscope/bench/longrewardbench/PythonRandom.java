package org.longscope.bench.longrewardbench;

import java.util.List;

/**
 * CPython's {@code random} module, as far as Long-RM's evaluator uses it: {@code seed(int)},
 * {@code shuffle(list)} (the Mersenne Twister MT19937 with CPython's seeding and
 * {@code _randbelow}). Upstream presents each item's candidates in the order this generator
 * gives, so the port must draw exactly the same numbers; {@link java.util.Random} would not.
 */
final class PythonRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] state = new int[N];
    private int index;

    /** {@code random.seed(seed)} for a non-negative int that fits in 32 bits (upstream: 42). */
    PythonRandom(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be in [0, 2^32), got " + seed);
        }
        initByArray(new int[] {(int) seed});
    }

    private void initGenrand(int s) {
        state[0] = s;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** {@code init_by_array} of CPython's {@code _randommodule.c}, which {@code seed(int)} calls. */
    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
        }
        state[0] = 0x8000_0000;
    }

    /** {@code genrand_uint32}, as an unsigned value in a long. */
    long nextUint32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (state[k] & 0x8000_0000) | (state[(k + 1) % N] & 0x7FFF_FFFF);
                state[k] = state[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF);
            }
            index = 0;
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C_5680;
        y ^= (y << 15) & 0xEFC6_0000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    /** {@code getrandbits(k)} for 1 &lt;= k &lt;= 32: one draw, its top k bits. */
    long getrandbits(int k) {
        if (k < 1 || k > 32) {
            throw new IllegalArgumentException("k must be in [1, 32], got " + k);
        }
        return nextUint32() >>> (32 - k);
    }

    /** {@code _randbelow(n)}: rejection sampling on {@code n.bit_length()} bits. */
    int randbelow(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(bits);
        while (r >= n) {
            r = getrandbits(bits);
        }
        return (int) r;
    }

    /** {@code shuffle(x)}: Fisher-Yates from the end, {@code j = _randbelow(i + 1)}. */
    <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
