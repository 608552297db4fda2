package org.longscope.bench.synthetic.heatmap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.longscope.api.bench.ScoredSample;

/**
 * A depth x length grid of scores (0-100): rows are needle depths in percent (0 at the top),
 * columns are context lengths in tokens. Cells without samples are NaN and drawn grey.
 *
 * @param title   title; the average score is appended
 * @param depths  row labels, ascending
 * @param lengths column labels, ascending
 * @param scores  {@code scores[row][column]}, 0-100 or NaN
 */
public record Heatmap(String title, List<Double> depths, List<Integer> lengths, double[][] scores) {
    /** gkamradt's colour map: red, yellow, green for 0, 50 and 100. */
    static final Color LOW = new Color(0xF0, 0x49, 0x6E);
    static final Color MID = new Color(0xEB, 0xB8, 0x39);
    static final Color HIGH = new Color(0x0C, 0xD7, 0x9F);
    static final Color EMPTY = new Color(0xDD, 0xDD, 0xDD);

    /** Layout in pixels (SVG user units are the same). */
    public static final int CELL_WIDTH = 56;
    public static final int CELL_HEIGHT = 26;
    public static final int LEFT = 96;
    public static final int TOP = 48;
    public static final int RIGHT = 96;
    public static final int BOTTOM = 64;
    static final int BAR_WIDTH = 16;

    public Heatmap {
        depths = List.copyOf(depths);
        lengths = List.copyOf(lengths);
        if (scores.length != depths.size()) {
            throw new IllegalArgumentException("heatmap has " + depths.size() + " depths but " + scores.length + " rows");
        }
        double[][] copy = new double[scores.length][];
        for (int r = 0; r < scores.length; r++) {
            if (scores[r].length != lengths.size()) {
                throw new IllegalArgumentException("heatmap row " + r + " has " + scores[r].length + " cells, expected " + lengths.size());
            }
            copy[r] = scores[r].clone();
        }
        scores = copy;
    }

    /**
     * The mean of {@code metric} per depth (from each sample's {@code data.depth}) and target length.
     * Samples without a depth or the metric are left out.
     */
    public static Heatmap fromSamples(String title, List<ScoredSample> samples, String metric) {
        Map<Double, Map<Integer, double[]>> cells = new TreeMap<>();
        TreeSet<Integer> lengths = new TreeSet<>();
        for (ScoredSample s : samples) {
            Object depth = s.data().get("depth");
            Double value = s.metrics().get(metric);
            if (!(depth instanceof Number d) || value == null) {
                continue;
            }
            lengths.add(s.targetLength());
            double[] acc = cells.computeIfAbsent(d.doubleValue(), k -> new TreeMap<>())
                    .computeIfAbsent(s.targetLength(), k -> new double[2]);
            acc[0] += value;
            acc[1]++;
        }
        List<Double> depthList = new ArrayList<>(cells.keySet());
        List<Integer> lengthList = new ArrayList<>(lengths);
        double[][] grid = new double[depthList.size()][lengthList.size()];
        for (int r = 0; r < depthList.size(); r++) {
            Map<Integer, double[]> row = cells.get(depthList.get(r));
            for (int c = 0; c < lengthList.size(); c++) {
                double[] acc = row.get(lengthList.get(c));
                grid[r][c] = acc == null ? Double.NaN : acc[0] / acc[1];
            }
        }
        return new Heatmap(title, depthList, lengthList, grid);
    }

    /** Mean over the cells that have a score; NaN when none has. */
    public double average() {
        double sum = 0;
        int n = 0;
        for (double[] row : scores) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public String fullTitle() {
        double avg = average();
        return title + " (average " + (Double.isNaN(avg) ? "n/a" : String.format(Locale.ROOT, "%.1f", avg)) + ")";
    }

    /** Wide enough for the grid and for the title (about 9 px a character at the title's size). */
    public int width() {
        return Math.max(LEFT + lengths.size() * CELL_WIDTH + RIGHT, fullTitle().length() * 9 + 40);
    }

    public int height() {
        return TOP + depths.size() * CELL_HEIGHT + BOTTOM;
    }

    /** The colour of a score: red at 0 through yellow at 50 to green at 100; grey for NaN. */
    public static Color colorOf(double score) {
        if (Double.isNaN(score)) {
            return EMPTY;
        }
        double t = Math.max(0, Math.min(100, score)) / 100;
        return t < 0.5 ? mix(LOW, MID, t * 2) : mix(MID, HIGH, (t - 0.5) * 2);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /** Centre of a cell in pixels, for tests and overlays. */
    public int[] cellCenter(int row, int column) {
        return new int[] {LEFT + column * CELL_WIDTH + CELL_WIDTH / 2, TOP + row * CELL_HEIGHT + CELL_HEIGHT / 2};
    }

    public void writeSvg(Path file) throws IOException {
        Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
    }

    public void writePng(Path file) throws IOException {
        if (!ImageIO.write(toImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    public String toSvg() {
        StringBuilder sb = new StringBuilder();
        int w = width();
        int h = height();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.append("<text x=\"").append(w / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(fullTitle())).append("</text>\n");
        for (int r = 0; r < depths.size(); r++) {
            for (int c = 0; c < lengths.size(); c++) {
                double v = scores[r][c];
                sb.append("<rect x=\"").append(LEFT + c * CELL_WIDTH).append("\" y=\"").append(TOP + r * CELL_HEIGHT)
                        .append("\" width=\"").append(CELL_WIDTH).append("\" height=\"").append(CELL_HEIGHT)
                        .append("\" fill=\"").append(hex(colorOf(v))).append("\" stroke=\"#ffffff\" stroke-width=\"1\">")
                        .append("<title>depth ").append(depthLabel(depths.get(r))).append("%, ").append(lengths.get(c))
                        .append(" tokens: ").append(Double.isNaN(v) ? "no samples" : String.format(Locale.ROOT, "%.1f", v))
                        .append("</title></rect>\n");
            }
            sb.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + r * CELL_HEIGHT + CELL_HEIGHT / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(depthLabel(depths.get(r))).append("</text>\n");
        }
        int gridBottom = TOP + depths.size() * CELL_HEIGHT;
        for (int c = 0; c < lengths.size(); c++) {
            sb.append("<text x=\"").append(LEFT + c * CELL_WIDTH + CELL_WIDTH / 2).append("\" y=\"").append(gridBottom + 16)
                    .append("\" text-anchor=\"middle\">").append(lengthLabel(lengths.get(c))).append("</text>\n");
        }
        sb.append("<text x=\"").append(LEFT + lengths.size() * CELL_WIDTH / 2).append("\" y=\"").append(gridBottom + 44)
                .append("\" text-anchor=\"middle\" font-size=\"12\">Context length (tokens)</text>\n");
        int midY = TOP + depths.size() * CELL_HEIGHT / 2;
        sb.append("<text x=\"20\" y=\"").append(midY).append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 20 ")
                .append(midY).append(")\">Depth of the needle (%)</text>\n");
        // colour bar
        int barX = LEFT + lengths.size() * CELL_WIDTH + 20;
        int barH = depths.size() * CELL_HEIGHT;
        sb.append("<defs><linearGradient id=\"scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">")
                .append("<stop offset=\"0\" stop-color=\"").append(hex(LOW)).append("\"/>")
                .append("<stop offset=\"0.5\" stop-color=\"").append(hex(MID)).append("\"/>")
                .append("<stop offset=\"1\" stop-color=\"").append(hex(HIGH)).append("\"/>")
                .append("</linearGradient></defs>\n");
        sb.append("<rect x=\"").append(barX).append("\" y=\"").append(TOP).append("\" width=\"").append(BAR_WIDTH)
                .append("\" height=\"").append(barH).append("\" fill=\"url(#scale)\"/>\n");
        sb.append("<text x=\"").append(barX + BAR_WIDTH + 4).append("\" y=\"").append(TOP + 8).append("\">100</text>\n");
        sb.append("<text x=\"").append(barX + BAR_WIDTH + 4).append("\" y=\"").append(TOP + barH).append("\">0</text>\n");
        sb.append("<text x=\"").append(barX + BAR_WIDTH + 4).append("\" y=\"").append(TOP + barH / 2 + 4).append("\">score</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The same picture as the SVG, rasterised with Java2D. Text needs fonts; without them it is left out. */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            for (int r = 0; r < depths.size(); r++) {
                for (int c = 0; c < lengths.size(); c++) {
                    g.setColor(colorOf(scores[r][c]));
                    g.fillRect(LEFT + c * CELL_WIDTH, TOP + r * CELL_HEIGHT, CELL_WIDTH, CELL_HEIGHT);
                }
            }
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1));
            for (int c = 0; c <= lengths.size(); c++) {
                g.drawLine(LEFT + c * CELL_WIDTH, TOP, LEFT + c * CELL_WIDTH, TOP + depths.size() * CELL_HEIGHT);
            }
            for (int r = 0; r <= depths.size(); r++) {
                g.drawLine(LEFT, TOP + r * CELL_HEIGHT, LEFT + lengths.size() * CELL_WIDTH, TOP + r * CELL_HEIGHT);
            }
            int barX = LEFT + lengths.size() * CELL_WIDTH + 20;
            int barH = depths.size() * CELL_HEIGHT;
            for (int y = 0; y < barH; y++) {
                g.setColor(colorOf(100.0 * (barH - 1 - y) / Math.max(1, barH - 1)));
                g.fillRect(barX, TOP + y, BAR_WIDTH, 1);
            }
            drawText(g, barX);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void drawText(Graphics2D g, int barX) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            g.setFont(base.deriveFont(Font.BOLD, 14f));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(fullTitle(), (width() - fm.stringWidth(fullTitle())) / 2, 24);
            g.setFont(base);
            fm = g.getFontMetrics();
            for (int r = 0; r < depths.size(); r++) {
                String s = depthLabel(depths.get(r));
                g.drawString(s, LEFT - 6 - fm.stringWidth(s), TOP + r * CELL_HEIGHT + CELL_HEIGHT / 2 + 4);
            }
            int gridBottom = TOP + depths.size() * CELL_HEIGHT;
            for (int c = 0; c < lengths.size(); c++) {
                String s = lengthLabel(lengths.get(c));
                g.drawString(s, LEFT + c * CELL_WIDTH + (CELL_WIDTH - fm.stringWidth(s)) / 2, gridBottom + 16);
            }
            g.setFont(base.deriveFont(12f));
            fm = g.getFontMetrics();
            String xAxis = "Context length (tokens)";
            g.drawString(xAxis, LEFT + (lengths.size() * CELL_WIDTH - fm.stringWidth(xAxis)) / 2, gridBottom + 44);
            String yAxis = "Depth of the needle (%)";
            AffineTransform saved = g.getTransform();
            int midY = TOP + depths.size() * CELL_HEIGHT / 2;
            g.rotate(-Math.PI / 2, 20, midY);
            g.drawString(yAxis, 20 - fm.stringWidth(yAxis) / 2, midY + 4);
            g.setTransform(saved);
            g.setFont(base);
            int barH = depths.size() * CELL_HEIGHT;
            g.drawString("100", barX + BAR_WIDTH + 4, TOP + 8);
            g.drawString("0", barX + BAR_WIDTH + 4, TOP + barH);
            g.drawString("score", barX + BAR_WIDTH + 4, TOP + barH / 2 + 4);
        } catch (Error | RuntimeException noFonts) {
            // a headless machine without fonts: the cells and the colour bar still carry the data
        }
    }

    static String depthLabel(double depth) {
        return depth == Math.rint(depth) ? Integer.toString((int) depth) : String.format(Locale.ROOT, "%.1f", depth);
    }

    static String lengthLabel(int tokens) {
        if (tokens % 1024 == 0) {
            return (tokens / 1024) + "K";
        }
        return tokens >= 1000 && tokens % 1000 == 0 ? (tokens / 1000) + "k" : Integer.toString(tokens);
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Heatmap h && title.equals(h.title) && depths.equals(h.depths) && lengths.equals(h.lengths)
                && java.util.Arrays.deepEquals(scores, h.scores);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(title, depths, lengths, java.util.Arrays.deepHashCode(scores));
    }

    @Override
    public String toString() {
        return "Heatmap[" + fullTitle() + ", " + depths.size() + " depths x " + lengths.size() + " lengths]";
    }
}
