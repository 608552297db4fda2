package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Random values as RULER draws them, from a seeded {@link Random}. */
final class RandomDraws {
    private RandomDraws() {
    }

    /** niah.py generate_random_number: a 7-digit number. */
    static String number(Random r, int digits) {
        long lower = (long) Math.pow(10, digits - 1);
        long upper = (long) Math.pow(10, digits) - 1;
        return Long.toString(lower + (long) (r.nextDouble() * (upper - lower + 1)));
    }

    /** uuid.UUID(int=getrandbits(128), version=4). */
    static String uuid(Random r) {
        long hi = r.nextLong();
        long lo = r.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** random.choice over the adjective-noun pairs. */
    static String word(Random r, List<String> adjectives, List<String> nouns) {
        return adjectives.get(r.nextInt(adjectives.size())) + "-" + nouns.get(r.nextInt(nouns.size()));
    }

    /**
     * k distinct indices of [0, n) by a partial Fisher-Yates shuffle; the first k of a larger draw
     * with the same random state are the same, which keeps token-count caches warm in the size search.
     */
    static int[] sample(Random r, int n, int k) {
        if (k > n) {
            throw new IllegalArgumentException("sample larger than population: " + k + " > " + n);
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return java.util.Arrays.copyOf(pool, k);
    }

    static <T> List<T> shuffled(List<T> items, Random r) {
        List<T> copy = new ArrayList<>(items);
        java.util.Collections.shuffle(copy, r);
        return copy;
    }
}
