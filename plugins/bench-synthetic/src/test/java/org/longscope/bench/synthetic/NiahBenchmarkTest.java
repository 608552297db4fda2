package org.longscope.bench.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.ScoredSample;
import org.longscope.api.model.Tokenizer;

class NiahBenchmarkTest {
    private static final int OVERHEAD = 30;
    private final NiahBenchmark niah = new NiahBenchmark();

    @TempDir
    Path run;

    private List<Sample> generate(Tokenizer tok, List<Integer> lengths, Map<String, Object> params) throws Exception {
        return niah.samples(new BenchmarkSelection("niah", lengths, 1, params), new SampleContext(null, tok, 9, OVERHEAD));
    }

    @Test
    void everyCellFitsItsLengthWithinFivePercentWithRealTokenizers() throws Exception {
        for (String name : List.of("qwen3", "llama3")) {
            Tokenizer tok = TestTokenizers.shared(name);
            List<Sample> samples = generate(tok, List.of(1000, 4096, 16000), Map.of("document_depth_percent_intervals", 3));
            assertEquals(9, samples.size());
            for (Sample s : samples) {
                RenderedPrompt p = niah.render(s);
                assertEquals(2, p.messages().size());
                assertEquals("system", p.messages().getFirst().role());
                int total = PromptLength.total(tok, p, OVERHEAD);
                assertTrue(total <= s.targetLength() && total >= 0.95 * s.targetLength(), name + " " + s.id() + ": " + total);
                double depth = ((Number) s.data().get("depth")).doubleValue();
                double tokenDepth = ((Number) s.data().get("needle_token_depth")).doubleValue();
                // the last sentence boundary at or before the depth: less than one (long) sentence early
                int content = ((Number) s.data().get("content_tokens")).intValue();
                assertTrue(tokenDepth <= depth + 0.05 && depth - tokenDepth < 100.0 * 100 / content,
                        s.id() + " needle at " + tokenDepth + "% of the tokens");
            }
        }
    }

    @Test
    void needleSitsAtASentenceBoundaryAtItsDepth() throws Exception {
        List<Sample> samples = generate(TestTokenizers.whitespace(), List.of(2000), Map.of("document_depth_percent_intervals", 5));
        assertEquals(List.of("2000-d0", "2000-d25", "2000-d50", "2000-d75", "2000-d100"), samples.stream().map(Sample::id).toList());
        for (Sample s : samples) {
            String input = s.string("input");
            String haystack = input.substring(0, input.lastIndexOf("\n\n"));
            int at = haystack.indexOf(NiahBenchmark.NEEDLE);
            assertTrue(at >= 0, s.id());
            assertTrue(at == 0 || haystack.substring(0, at).matches("(?s).*[.!?\"'”’)\\]] $"), s.id() + " not after a sentence end");
            double words = haystack.split("\\s+").length;
            double before = haystack.substring(0, at).isBlank() ? 0 : haystack.substring(0, at).split("\\s+").length;
            double depth = ((Number) s.data().get("depth")).doubleValue();
            assertTrue(Math.abs(100 * before / words - depth) < 3, s.id() + " needle at " + (100 * before / words));
            assertTrue(input.endsWith("\n\nWhat is the best thing to do in San Francisco? "
                    + "Don't give information outside the document or repeat your findings"));
        }
    }

    @Test
    void sameInputsGiveByteIdenticalPrompts() throws Exception {
        Tokenizer tok = TestTokenizers.shared("llama3");
        Map<String, Object> params = Map.of("document_depth_percent_intervals", 3);
        assertEquals(generate(tok, List.of(3000), params), generate(tok, List.of(3000), params));
    }

    @Test
    void gridsFollowTheUpstreamSpacing() {
        Params linear = new Params("niah", "niah", Map.of("document_depth_percent_intervals", 4));
        assertEquals(List.of(0.0, 33.0, 67.0, 100.0), NiahBenchmark.depthGrid(linear));
        Params sigmoid = new Params("niah", "niah", Map.of("document_depth_percent_intervals", 5,
                "document_depth_percent_interval_type", "sigmoid"));
        // logistic(25) = 100 / (1 + e^2.5) = 7.586; logistic(50) = 50
        assertEquals(List.of(0.0, 7.586, 50.0, 92.414, 100.0), NiahBenchmark.depthGrid(sigmoid));
        Params lengths = new Params("niah", "niah", Map.of("context_lengths_min", 1000, "context_lengths_max", 2000,
                "context_lengths_num_intervals", 3));
        assertEquals(List.of(1000, 1500, 2000), NiahBenchmark.lengthGrid(lengths));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiahBenchmark.depthGrid(
                new Params("niah", "niah", Map.of("document_depth_percent_interval_type", "cubic"))));
        assertTrue(e.getMessage().startsWith("niah.niah.params.document_depth_percent_interval_type"), e.getMessage());
    }

    @Test
    void withoutSpecLengthsTheLengthGridIsUsed() throws Exception {
        List<Sample> samples = generate(TestTokenizers.whitespace(), List.of(), Map.of("context_lengths_min", 500,
                "context_lengths_max", 1500, "context_lengths_num_intervals", 3, "document_depth_percent_intervals", 2));
        assertEquals(List.of("500-d0", "500-d100", "1000-d0", "1000-d100", "1500-d0", "1500-d100"),
                samples.stream().map(Sample::id).toList());
    }

    @Test
    void customNeedleQuestionAndAnswer() throws Exception {
        Sample s = generate(TestTokenizers.whitespace(), List.of(800), Map.of("document_depth_percent_intervals", 1,
                "needle", "The secret ingredient is saffron.", "retrieval_question", "What is the secret ingredient?",
                "answer", "saffron")).getFirst();
        assertTrue(s.string("input").startsWith("The secret ingredient is saffron. "));
        assertEquals(100.0, niah.score(s, "Saffron!").metrics().get("score"));
    }

    @Test
    void scoresTheShareOfAnswerWordsFound() {
        Sample s = GeneratedSamples.sample("x", "niah", 100, "sys", "ctx", "", 64, List.of(NiahBenchmark.ANSWER), 3, Map.of());
        // 12 answer words: eat a sandwich and sit in dolores park on a sunny day ("a" twice)
        assertEquals(100.0, niah.score(s, "Eat a sandwich and sit in Dolores Park on a sunny day.").metrics().get("score"));
        // sit, in, dolores, park
        assertEquals(100.0 * 4 / 12, niah.score(s, "Sit in Dolores Park, I think.").metrics().get("score"), 1e-9);
        assertEquals(0.0, niah.score(s, "").metrics().get("score"));
        // whole words only: "sandwiches" is not "sandwich"; only "park" counts
        assertEquals(100.0 * 1 / 12, niah.score(s, "SANDWICHES at the park").metrics().get("score"), 1e-9);
    }

    @Test
    void writesTheHeatmapIntoTheRunDirectory() throws Exception {
        List<ScoredSample> scored = new ArrayList<>();
        int i = 0;
        for (int length : List.of(1000, 2000)) {
            for (double depth : List.of(0.0, 50.0, 100.0)) {
                scored.add(new ScoredSample("s" + i, "niah", length, length, Map.of("score", i++ % 2 == 0 ? 100.0 : 0.0),
                        Map.of("depth", depth)));
            }
        }
        niah.writeArtifacts(scored, run);
        BufferedImage png = ImageIO.read(run.resolve("niah-heatmap.png").toFile());
        assertTrue(png.getWidth() >= org.longscope.bench.synthetic.heatmap.Heatmap.LEFT
                + 2 * org.longscope.bench.synthetic.heatmap.Heatmap.CELL_WIDTH + org.longscope.bench.synthetic.heatmap.Heatmap.RIGHT);
        // the title is not cut off: the picture's edge columns stay background along the title's line
        for (int y = 8; y < 28; y++) {
            for (int x : new int[] {0, 1, 2, png.getWidth() - 3, png.getWidth() - 2, png.getWidth() - 1}) {
                assertEquals(0xffffff, png.getRGB(x, y) & 0xffffff, "title pixel at " + x + "," + y);
            }
        }
        assertTrue(Files.readString(run.resolve("niah-heatmap.svg")).contains("(average 50.0)"));
    }
}
