package org.longscope.bench.synthetic.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.bench.ScoredSample;

class HeatmapTest {
    private static final double NaN = Double.NaN;
    /** 3 depths x 4 lengths: a perfect first column, a failing one, a half score and a missing cell. */
    private static final double[][] GRID = {
        {100, 0, 50, 100},
        {100, 0, 50, NaN},
        {100, 100, 0, 25},
    };

    private final Heatmap map = new Heatmap("NIAH", List.of(0.0, 50.0, 100.0), List.of(1024, 2048, 4096, 8000), GRID);

    @TempDir
    Path dir;

    @Test
    void pngHasTheLayoutSizeAndTheScaleColoursAtKnownCells() throws Exception {
        Path png = dir.resolve("h.png");
        map.writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Heatmap.LEFT + 4 * Heatmap.CELL_WIDTH + Heatmap.RIGHT, img.getWidth());
        assertEquals(Heatmap.TOP + 3 * Heatmap.CELL_HEIGHT + Heatmap.BOTTOM, img.getHeight());
        assertColor(new Color(0x0C, 0xD7, 0x9F), img, 0, 0); // 100: green
        assertColor(new Color(0xF0, 0x49, 0x6E), img, 0, 1); // 0: red
        assertColor(new Color(0xEB, 0xB8, 0x39), img, 1, 2); // 50: yellow
        assertColor(new Color(0xDD, 0xDD, 0xDD), img, 1, 3); // no samples: grey
        // 25 lies halfway between red and yellow
        assertColor(new Color((0xF0 + 0xEB + 1) / 2, (0x49 + 0xB8 + 1) / 2, (0x6E + 0x39 + 1) / 2), img, 2, 3);
    }

    @Test
    void svgHasCellsLabelsAndTheAverageInTheTitle() throws Exception {
        Path svg = dir.resolve("h.svg");
        map.writeSvg(svg);
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + map.width() + "\" height=\"" + map.height() + "\""));
        // average of the 11 scored cells: (100+0+50+100+100+0+50+100+100+0+25) / 11
        assertTrue(s.contains(">NIAH (average 56.8)</text>"), s);
        assertEquals(12, count(s, "stroke-width=\"1\"><title>depth "), "one rect per cell");
        assertTrue(s.contains("fill=\"#0cd79f\" stroke=\"#ffffff\" stroke-width=\"1\"><title>depth 0%, 1024 tokens: 100.0</title>"));
        assertTrue(s.contains("fill=\"#f0496e\" stroke=\"#ffffff\" stroke-width=\"1\"><title>depth 0%, 2048 tokens: 0.0</title>"));
        assertTrue(s.contains("<title>depth 50%, 8000 tokens: no samples</title>"));
        assertTrue(s.contains(">Context length (tokens)</text>") && s.contains(">Depth of the needle (%)</text>"));
        assertTrue(s.contains(">1K</text>") && s.contains(">4K</text>") && s.contains(">8k</text>"));
        assertTrue(s.contains(">100</text>") && s.contains(">50</text>"));
    }

    @Test
    void fromSamplesAveragesEachCell() {
        List<ScoredSample> samples = new ArrayList<>();
        samples.add(new ScoredSample("a", "niah", 2048, 2000, Map.of("score", 100.0), Map.of("depth", 50.0)));
        samples.add(new ScoredSample("b", "niah", 2048, 2000, Map.of("score", 50.0), Map.of("depth", 50)));
        samples.add(new ScoredSample("c", "niah", 1024, 1000, Map.of("score", 0.0), Map.of("depth", 0.0)));
        samples.add(new ScoredSample("d", "niah", 1024, 1000, Map.of("other", 1.0), Map.of("depth", 0.0)));
        Heatmap h = Heatmap.fromSamples("t", samples, "score");
        assertEquals(List.of(0.0, 50.0), h.depths());
        assertEquals(List.of(1024, 2048), h.lengths());
        assertEquals(0.0, h.scores()[0][0]);
        assertTrue(Double.isNaN(h.scores()[0][1]));
        assertEquals(75.0, h.scores()[1][1]);
        assertEquals(37.5, h.average());
    }

    @Test
    void refusesRaggedGrids() {
        assertThrows(IllegalArgumentException.class, () -> new Heatmap("x", List.of(0.0), List.of(1, 2), new double[][] {{1}}));
    }

    private void assertColor(Color expected, BufferedImage img, int row, int column) {
        int[] c = map.cellCenter(row, column);
        assertEquals(expected.getRGB() & 0xffffff, img.getRGB(c[0], c[1]) & 0xffffff,
                "cell " + row + "," + column + " at " + c[0] + "," + c[1]);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
