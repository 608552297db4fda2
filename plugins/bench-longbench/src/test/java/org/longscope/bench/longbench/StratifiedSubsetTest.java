package org.longscope.bench.longbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedSubsetTest {
    /** 60 short, 30 medium and 10 long items. */
    private static final List<String> ITEMS = new ArrayList<>();

    static {
        for (int i = 0; i < 100; i++) {
            ITEMS.add(i % 10 == 9 ? "long" : i % 10 >= 6 ? "medium" : "short");
        }
    }

    @Test
    void eachStratumKeepsItsShareAndTheDatasetOrder() {
        List<Integer> chosen = StratifiedSubset.pick(ITEMS, s -> s, 20, 42);
        assertEquals(20, chosen.size());
        assertEquals(12, chosen.stream().filter(i -> ITEMS.get(i).equals("short")).count());
        assertEquals(6, chosen.stream().filter(i -> ITEMS.get(i).equals("medium")).count());
        assertEquals(2, chosen.stream().filter(i -> ITEMS.get(i).equals("long")).count());
        assertEquals(chosen.stream().sorted().toList(), chosen);
    }

    @Test
    void remaindersGoToTheLargestFractions() {
        // 7 of 100: exact shares 4.2, 2.1 and 0.7; the one left over goes to long (0.7)
        List<Integer> chosen = StratifiedSubset.pick(ITEMS, s -> s, 7, 1);
        assertEquals(List.of(4L, 2L, 1L), List.of("short", "medium", "long").stream()
                .map(s -> chosen.stream().filter(i -> ITEMS.get(i).equals(s)).count()).toList());
    }

    @Test
    void theSeedDecidesAndRepeats() {
        assertEquals(StratifiedSubset.pick(ITEMS, s -> s, 10, 5), StratifiedSubset.pick(ITEMS, s -> s, 10, 5));
        assertNotEquals(StratifiedSubset.pick(ITEMS, s -> s, 10, 5), StratifiedSubset.pick(ITEMS, s -> s, 10, 6));
    }

    @Test
    void zeroOrMoreThanThereAreMeansEveryItem() {
        assertEquals(100, StratifiedSubset.pick(ITEMS, s -> s, 0, 1).size());
        assertEquals(100, StratifiedSubset.pick(ITEMS, s -> s, 500, 1).size());
        assertTrue(StratifiedSubset.pick(List.<String>of(), s -> s, 3, 1).isEmpty());
    }
}
