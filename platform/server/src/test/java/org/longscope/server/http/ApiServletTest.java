package org.longscope.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiServletTest {
    @Test
    void splitsPathInfoIntoSegments() {
        assertEquals(List.of(), ApiServlet.segments(null));
        assertEquals(List.of(), ApiServlet.segments("/"));
        assertEquals(List.of("runs", "abc", "files", "heatmap.svg"), ApiServlet.segments("/runs/abc/files/heatmap.svg"));
        assertEquals(List.of("runs"), ApiServlet.segments("//runs/"));
    }
}
