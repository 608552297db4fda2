package org.longscope.bench.longrewardbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors from CPython 3.11's {@code random} (the generator Long-RM's preprocessing uses). */
class PythonRandomTest {

    @Test
    void seed42GivesCPythonsFirstWords() {
        PythonRandom random = new PythonRandom(42);
        List<Long> words = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            words.add(random.getrandbits(32));
        }
        // random.seed(42); [random.getrandbits(32) for _ in range(5)]
        assertEquals(List.of(2746317213L, 478163327L, 107420369L, 3184935163L, 1181241943L), words);
    }

    @Test
    void shuffleMatchesCPython() {
        PythonRandom random = new PythonRandom(42);
        List<Integer> x = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        random.shuffle(x);
        // random.seed(42); x = list(range(10)); random.shuffle(x)
        assertEquals(List.of(7, 3, 2, 8, 5, 6, 9, 4, 0, 1), x);
    }

    @Test
    void successivePairShufflesMatchCPython() {
        PythonRandom random = new PythonRandom(42);
        List<List<Integer>> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Integer> pair = new ArrayList<>(List.of(0, 1));
            random.shuffle(pair);
            pairs.add(pair);
        }
        assertEquals(List.of(List.of(1, 0), List.of(1, 0), List.of(0, 1), List.of(1, 0), List.of(1, 0), List.of(1, 0),
                List.of(1, 0), List.of(1, 0)), pairs);
    }

    @Test
    void randbelowOfAPowerOfTwoAndOfOneMatchCPython() {
        PythonRandom random = new PythonRandom(7);
        List<Integer> draws = new ArrayList<>();
        for (int n : new int[] {1, 2, 8, 1000, 3}) {
            draws.add(random.randbelow(n));
        }
        // r = random.Random(7); [r._randbelow(n) for n in (1, 2, 8, 1000, 3)]
        assertEquals(List.of(0, 0, 6, 666, 0), draws);
    }
}
