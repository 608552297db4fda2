package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.model.Tokenizer;

class ${className}Test {
    /** One token per character: enough to check that prompts fit their target length. */
    static final Tokenizer CHARACTERS = new Tokenizer() {
        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            return text.chars().toArray();
        }

        @Override
        public String decode(int[] ids) {
            return new String(ids, 0, ids.length);
        }

        @Override
        public int vocabularySize() {
            return 0x110000;
        }
    };

    final ${className} benchmark = new ${className}();
    final SampleContext context = new SampleContext(Path.of("."), CHARACTERS, 42, 20);

    List<Sample> samples(int length, int count) {
        return benchmark.samples(new BenchmarkSelection(${className}.TASK, List.of(length), count, Map.of()), context);
    }

    @Test
    void infoNamesTheIdAndTheTask() {
        assertEquals("${pluginId}", benchmark.info().id());
        assertTrue(benchmark.info().task(${className}.TASK).isPresent());
    }

    @Test
    void samplesFitTheirTargetLengthAndAreTheSameForTheSameSeed() {
        List<Sample> first = samples(2000, 3);
        assertEquals(3, first.size());
        for (Sample sample : first) {
            RenderedPrompt prompt = benchmark.render(sample);
            int tokens = context.promptOverhead() + CHARACTERS.count(prompt.messages().getFirst().content())
                    + CHARACTERS.count(prompt.answerPrefix()) + prompt.maxNewTokens();
            assertTrue(tokens <= 2000 && tokens > 1800, sample.id() + " takes " + tokens + " tokens");
            assertTrue(prompt.messages().getFirst().content().contains(sample.string("secret")));
        }
        assertEquals(first, samples(2000, 3));
    }

    @Test
    void theSecretScores100AndAnythingElse0() {
        Sample sample = samples(1000, 1).getFirst();
        String secret = sample.string("secret");
        assertEquals(100.0, benchmark.score(sample, " " + secret + ".").metrics().get(${className}.METRIC));
        assertEquals(0.0, benchmark.score(sample, " 1234.").metrics().get(${className}.METRIC));
        assertEquals(0.0, benchmark.score(sample, "I do not know").metrics().get(${className}.METRIC));
    }

    @Test
    void anUnknownTaskOrATooShortLengthIsBadInput() {
        assertThrows(InvalidInputException.class, () -> benchmark.samples(
                new BenchmarkSelection("other", List.of(1000), 1, Map.of()), context));
        assertThrows(InvalidInputException.class, () -> samples(50, 1));
    }
}
