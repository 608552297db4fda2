package org.longscope.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
    @Test
    void alignsColumnsRightAligningNumbersAndShorteningLongDecimals() {
        String table = CsvTable.render("benchmark,task,accuracy\npasskey,passkey,100.0\nruler,\"niah, single\",87.654321\n");
        assertEquals("""
                benchmark  task          accuracy
                ---------  ------------  --------
                passkey    passkey          100.0
                ruler      niah, single     87.65
                """, table);
    }

    @Test
    void parsesQuotedFields() {
        assertEquals(List.of("a", "b,c", "say \"hi\"", ""), CsvTable.parseLine("a,\"b,c\",\"say \"\"hi\"\"\","));
    }

    @Test
    void emptyCsvIsAnEmptyTable() {
        assertEquals("", CsvTable.render("\n"));
    }
}
