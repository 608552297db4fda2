package org.longscope.bench.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;

class PasskeyBenchmarkTest {
    private final PasskeyBenchmark bench = new PasskeyBenchmark();

    private List<Sample> generate(String tokenizer, long seed, List<Integer> lengths, List<Double> depths) throws Exception {
        SampleContext ctx = new SampleContext(null, HfTokenizer.shared(tokenizer), seed, 12);
        return bench.samples(new BenchmarkSelection("passkey", lengths, 1, Map.of("depths", depths)), ctx);
    }

    @Test
    void fitsEveryLengthWithinFivePercentWithRealTokenizers() throws Exception {
        for (String tok : List.of("qwen3", "llama3")) {
            List<Sample> samples = generate(tok, 7, List.of(1024, 4096, 16384), List.of(0.0, 50.0, 100.0));
            assertEquals(9, samples.size());
            for (Sample s : samples) {
                int total = PromptLength.total(HfTokenizer.shared(tok), bench.render(s), 12);
                assertTrue(total <= s.targetLength(), tok + " " + s.id() + ": " + total + " > " + s.targetLength());
                assertTrue(total >= 0.95 * s.targetLength(), tok + " " + s.id() + ": " + total + " < 95% of " + s.targetLength());
            }
        }
    }

    @Test
    void keyIsHiddenAtTheRequestedDepth() throws Exception {
        List<Sample> samples = generate("qwen3", 3, List.of(2048), List.of(0.0, 50.0, 100.0));
        for (Sample s : samples) {
            String input = s.string("input");
            String key = GeneratedSamples.outputs(s).getFirst();
            assertTrue(key.matches("\\d{5}"), key);
            int at = input.indexOf("The pass key is " + key + ".");
            double depth = ((Number) s.data().get("depth")).doubleValue();
            double relative = (double) at / input.length();
            assertTrue(Math.abs(relative - depth / 100) < 0.05, s.id() + " key at " + relative);
            assertTrue(input.startsWith(PasskeyBenchmark.TASK_DESCRIPTION));
            assertTrue(input.endsWith(PasskeyBenchmark.QUESTION));
        }
    }

    @Test
    void sameSeedSamePromptsOtherSeedOtherKeys() throws Exception {
        List<Sample> a = generate("llama3", 11, List.of(1024), List.of(10.0, 90.0));
        List<Sample> b = generate("llama3", 11, List.of(1024), List.of(10.0, 90.0));
        List<Sample> c = generate("llama3", 12, List.of(1024), List.of(10.0, 90.0));
        assertEquals(a, b);
        assertNotEquals(a.get(0).string("input"), c.get(0).string("input"));
        assertEquals("1024-d10-s0", a.get(0).id());
    }

    @Test
    void scoresExactMatchOfTheFirstNumber() {
        Sample s = GeneratedSamples.sample("x", "passkey", 100, null, "ctx", "The pass key is", 16, List.of("48213"), 3, Map.of());
        assertEquals(100.0, bench.score(s, " 48213.").metrics().get("accuracy"));
        assertEquals(100.0, bench.score(s, "48213 is the pass key").metrics().get("accuracy"));
        assertEquals(0.0, bench.score(s, " 482130").metrics().get("accuracy"));
        assertEquals(0.0, bench.score(s, " 4821").metrics().get("accuracy"));
        assertEquals(0.0, bench.score(s, "I do not know").metrics().get("accuracy"));
        assertEquals(0.0, bench.score(s, "12345, no wait, 48213").metrics().get("accuracy"));
    }

    @Test
    void rendersAUserMessageWithTheAnswerPrefix() {
        Sample s = GeneratedSamples.sample("x", "passkey", 100, null, "ctx", "The pass key is", 16, List.of("48213"), 3, Map.of());
        RenderedPrompt p = bench.render(s);
        assertEquals("ctx", p.messages().getFirst().content());
        assertEquals("The pass key is", p.answerPrefix());
        assertEquals(16, p.maxNewTokens());
    }

    @Test
    void badInputNamesTheField() {
        SampleContext ctx = new SampleContext(null, new WhitespaceTokenizer(), 1, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> bench.samples(new BenchmarkSelection("passkey", List.of(512), 1, Map.of("depths", List.of(50, 150))), ctx));
        assertTrue(e.getMessage().contains("passkey.passkey.params.depths[1]"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> bench.samples(new BenchmarkSelection("passkey", List.of(20), 1, Map.of()), ctx));
        assertTrue(e.getMessage().contains("target length 20"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> bench.samples(new BenchmarkSelection("niah", List.of(512), 1, Map.of()), ctx));
        assertTrue(e.getMessage().contains("unknown task 'niah'"), e.getMessage());
    }
}
