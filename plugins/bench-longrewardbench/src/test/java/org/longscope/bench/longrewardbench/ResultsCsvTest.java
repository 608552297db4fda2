package org.longscope.bench.longrewardbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsCsvTest {

    @Test
    void roundingIsPythonsHalfEvenOnTheBinaryValue() {
        // round(x, 5) under CPython 3.11
        assertEquals(0.01562, ResultsCsv.round5(0.015625));
        assertEquals(0.03906, ResultsCsv.round5(5.0 / 128));
        assertEquals(0.12345, ResultsCsv.round5(0.123455));
        assertEquals(0.33333, ResultsCsv.round5(1.0 / 3));
        assertEquals(0.66667, ResultsCsv.round5(2.0 / 3));
    }

    @Test
    void valuesArePrintedAsPythonsRepr() {
        // repr(round(x, 5)) under CPython 3.11
        assertEquals("1.0", ResultsCsv.pythonRepr(1.0));
        assertEquals("0.0", ResultsCsv.pythonRepr(0.0));
        assertEquals("0.5", ResultsCsv.pythonRepr(0.5));
        assertEquals("0.66667", ResultsCsv.pythonRepr(0.66667));
        assertEquals("0.0001", ResultsCsv.pythonRepr(0.0001));
        assertEquals("1e-05", ResultsCsv.pythonRepr(0.00001));
        assertEquals("7e-05", ResultsCsv.pythonRepr(0.00007));
        assertEquals("0.00012", ResultsCsv.pythonRepr(0.00012));
    }

    @Test
    void emptyGroupsAreZeroAndRankAvgCountsOtherSubtypesInItsDenominatorOnly() {
        String csv = ResultsCsv.render(List.of(
                new ResultsCsv.Row("Math", "BestOfN", "3", "4k", 1.0),
                new ResultsCsv.Row("Math", "BestOfN", "5", "4k", 1.0)));
        List<String> lines = csv.lines().toList();
        assertEquals(",Task,Value", lines.get(0));
        assertEquals("7,Same.,0.0", lines.get(8));
        assertEquals("11,Rank3,1.0", lines.get(12));
        assertEquals("13,\"Rank Avg,\",0.5", lines.get(14));
        assertEquals("14,4k,0.0", lines.get(15), "length rows count pairwise items only");
        assertEquals("20,AVG.,1.0", lines.get(21));
        assertEquals(22, lines.size());
    }
}
