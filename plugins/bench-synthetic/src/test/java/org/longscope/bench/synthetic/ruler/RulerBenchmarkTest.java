package org.longscope.bench.synthetic.ruler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.model.Tokenizer;
import org.longscope.bench.synthetic.GeneratedSamples;
import org.longscope.bench.synthetic.TestTokenizers;

class RulerBenchmarkTest {
    private static final int OVERHEAD = 20;
    private final RulerBenchmark ruler = new RulerBenchmark();

    @TempDir
    Path data;

    private List<Sample> generate(String task, Tokenizer tokenizer, long seed, List<Integer> lengths, int n) throws Exception {
        return ruler.samples(new BenchmarkSelection(task, lengths, n, Map.of()), new SampleContext(data, tokenizer, seed, OVERHEAD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void everyTaskFitsItsTargetWithinFivePercent(String name) throws Exception {
        Tokenizer tok = TestTokenizers.shared(name);
        QaFixtures.write(data, 600);
        List<String> failures = new ArrayList<>();
        for (String task : RulerTask.ids()) {
            for (Sample s : generate(task, tok, 42, List.of(2048, 4096, 16384), 2)) {
                RenderedPrompt p = ruler.render(s);
                int content = tok.count(p.messages().getFirst().content());
                int total = OVERHEAD + p.maxNewTokens() + tok.count(p.answerPrefix()) + content;
                if (total > s.targetLength() || total < 0.95 * s.targetLength()) {
                    failures.add(task + " " + s.id() + ": " + total);
                }
                int stored = ((Number) s.data().get("content_tokens")).intValue();
                if (Boolean.TRUE.equals(s.data().get("content_tokens_exact"))) {
                    assertEquals(content, stored, s.id());
                } else {
                    assertTrue(stored >= content, s.id() + ": estimate is not an upper bound");
                }
            }
        }
        assertTrue(failures.isEmpty(), name + ": " + failures);
    }

    @Test
    void sameSeedGivesByteIdenticalPrompts() throws Exception {
        Tokenizer tok = TestTokenizers.shared("qwen3");
        QaFixtures.write(data, 200);
        for (String task : RulerTask.ids()) {
            List<Sample> a = generate(task, tok, 5, List.of(4096), 2);
            List<Sample> b = generate(task, tok, 5, List.of(4096), 2);
            assertEquals(a, b, task);
            List<Sample> c = generate(task, tok, 6, List.of(4096), 1);
            assertTrue(!c.getFirst().string("input").equals(a.getFirst().string("input")), task + " ignores the seed");
        }
    }

    @Test
    void promptsFollowUpstreamTemplates() throws Exception {
        Tokenizer tok = TestTokenizers.whitespace();
        Sample single = generate("niah_single_1", tok, 1, List.of(2000), 1).getFirst();
        String in = single.string("input");
        String answer = GeneratedSamples.outputs(single).getFirst();
        assertTrue(in.startsWith("A special magic number is hidden within the following text. Make sure to memorize it. "
                + "I will quiz you about the number afterwards.\nThe grass is green."), in.substring(0, 200));
        assertTrue(answer.matches("\\d{7}"), answer);
        assertTrue(in.contains("\nOne of the special magic numbers for "), "needle line");
        assertTrue(in.contains(" is: " + answer + ".\n") || in.endsWith(" is: " + answer + "."), "needle value");
        assertTrue(in.matches("(?s).*\nWhat is the special magic number for [a-z]+-[a-z]+ mentioned in the provided text\\?"),
                in.substring(in.length() - 120));
        assertTrue(single.string("answer_prefix").matches(" The special magic number for [a-z]+-[a-z]+ mentioned in the provided text is"));

        Sample multi = generate("niah_multiquery", tok, 1, List.of(3000), 1).getFirst();
        assertEquals(4, GeneratedSamples.outputs(multi).size());
        assertTrue(multi.string("input").startsWith("Some special magic numbers are hidden"));
        assertTrue(multi.string("answer_prefix").matches(" The special magic numbers for [a-z-]+, [a-z-]+, [a-z-]+, and [a-z-]+ mentioned in the provided text are"),
                multi.string("answer_prefix"));

        Sample uuid = generate("niah_multikey_3", tok, 1, List.of(3000), 1).getFirst();
        assertTrue(GeneratedSamples.outputs(uuid).getFirst().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));

        Sample vt = generate("vt", tok, 1, List.of(4000), 1).getFirst();
        List<String> vars = GeneratedSamples.outputs(vt);
        assertEquals(5, vars.size());
        String vtIn = vt.string("input");
        assertTrue(vtIn.contains("VAR " + vars.get(1) + " = VAR " + vars.get(0) + " "));
        assertTrue(vt.string("answer_prefix").startsWith(" Answer: According to the chain(s) of variable assignment in the text above, 5 variables are assgined the value "));
        // the worked example (3-letter names) comes first, with its answer
        assertTrue(vtIn.indexOf("they are: ") < vtIn.lastIndexOf("Memorize and track"));

        Sample cwe = generate("cwe", tok, 1, List.of(4096), 1).getFirst();
        assertEquals(10, GeneratedSamples.outputs(cwe).size());
        for (String w : GeneratedSamples.outputs(cwe)) {
            String main = cwe.string("input").substring(cwe.string("input").indexOf("\nBelow is") + 1);
            assertEquals(30, java.util.regex.Pattern.compile("\\d\\. " + w + "(?=[ \n])").matcher(main).results().count(), w);
        }

        Sample fwe = generate("fwe", tok, 1, List.of(4096), 1).getFirst();
        List<String> top = GeneratedSamples.outputs(fwe);
        assertEquals(3, top.size());
        String text = fwe.string("input");
        assertTrue(occurrences(text, " " + top.get(0) + " ") > occurrences(text, " " + top.get(1) + " "));
        assertTrue(occurrences(text, " ... ") > occurrences(text, " " + top.get(0) + " "));
    }

    @Test
    void qaReadsUpstreamFormatsAndNamesBrokenFiles() throws Exception {
        Path squadFile = Path.of("src/test/resources/ruler/squad-mini.json");
        QaDataset squad = QaDataset.readSquad(squadFile);
        assertEquals(4, squad.questions().size(), "the impossible question is skipped");
        assertEquals(3, squad.documents().size());
        assertEquals(List.of("France", "France"), squad.questions().getFirst().outputs());
        assertEquals(1, squad.questions().getFirst().more().size(), "other paragraphs of the same article");
        QaDataset hotpot = QaDataset.readHotpot(Path.of("src/test/resources/ruler/hotpot-mini.json"));
        assertEquals(2, hotpot.questions().size());
        assertEquals(5, hotpot.documents().size(), "the shared 'Ed Wood' paragraph counts once");
        assertTrue(hotpot.documents().contains("Shirley Temple\nShirley Temple Black was an American actress, singer, dancer, "
                + "businesswoman, and diplomat. She served as Chief of Protocol of the United States."));

        Files.copy(squadFile, data.resolve("dev-v2.0.json"));
        Sample s = generate("qa_1", TestTokenizers.whitespace(), 3, List.of(300), 4).getFirst();
        assertTrue(s.string("input").contains("Document 1:\n"));
        assertTrue(s.string("input").endsWith("\n\nQuestion: " + questionOf(s.string("input"))));

        Path broken = data.resolve("broken.json");
        Files.writeString(broken, "{\"data\": [{\"paragraphs\": [{\"context\": \"x\", \"qas\": [{\"question\": 3}]}]}]}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QaDataset.readSquad(broken));
        assertTrue(e.getMessage().contains("data[0].paragraphs[0].qas[0]"), e.getMessage());
        Files.writeString(broken, "{\"data\": [");
        e = assertThrows(InvalidInputException.class, () -> QaDataset.readSquad(broken));
        assertTrue(e.getMessage().contains("broken.json: line 1"), e.getMessage());
        Files.delete(data.resolve("dev-v2.0.json"));
        e = assertThrows(InvalidInputException.class, () -> generate("qa_1", TestTokenizers.whitespace(), 3, List.of(300), 1));
        assertTrue(e.getMessage().contains("dev-v2.0.json") && e.getMessage().contains("longscope data pull ruler"), e.getMessage());
    }

    @Test
    void unknownTaskListsTheTasks() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> generate("niah_single_9", TestTokenizers.whitespace(), 1, List.of(4096), 1));
        assertTrue(e.getMessage().contains("niah_multikey_3") && e.getMessage().contains("qa_2"), e.getMessage());
    }

    private static String questionOf(String input) {
        return input.substring(input.lastIndexOf("Question: ") + "Question: ".length());
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
