package org.longscope.bench.synthetic.ruler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.model.Decoding;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.Truncation;
import org.longscope.bench.synthetic.HfTokenizer;
import org.longscope.bench.synthetic.NiahBenchmark;
import org.longscope.bench.synthetic.PasskeyBenchmark;
import org.longscope.core.settings.PromptPreparer;

/**
 * The answer boundary on every synthetic benchmark's prompts, through the prompt preparer with each
 * model's own chat template: the Qwen3 and Llama 3 tokenizers merge the space after the answer
 * prefix into the answer's first word, so their prompts stay byte-identical; the shipped byte-level
 * model's tokenizer keeps it apart, so its prompts gain exactly that space.
 */
class AnswerBoundaryPromptsTest {
    private static final int OVERHEAD = 40;

    @TempDir
    Path data;

    private record Case(String name, BenchmarkAdapter bench, String task, int length) {
    }

    /** Every task; RULER's vt only for subword tokenizers (its worked example is fitted to 500 tokens, too few bytes). */
    private List<Case> cases(int length, boolean subword) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("passkey", new PasskeyBenchmark(), "passkey", length));
        cases.add(new Case("niah", new NiahBenchmark(), null, length));
        for (RulerTask task : RulerTask.values()) {
            if (subword || task != RulerTask.VT) {
                cases.add(new Case("ruler", new RulerBenchmark(), task.id, length));
            }
        }
        return cases;
    }

    private static EvaluationSettings settings(boolean answerBoundary) {
        return new EvaluationSettings(true, List.of(), Truncation.MIDDLE, 0, true, Decoding.GREEDY,
                Map.of("enable_thinking", false), answerBoundary);
    }

    private static ModelInfo model(Path tokenizerDir) throws Exception {
        JsonNode config = new ObjectMapper().readTree(tokenizerDir.resolve("tokenizer_config.json").toFile());
        return new ModelInfo(tokenizerDir.getFileName().toString(), "test", 1 << 20, config.path("chat_template").asText(),
                token(config.path("bos_token")), token(config.path("eos_token")), true, false, Map.of());
    }

    private static String token(JsonNode node) {
        return node.isTextual() ? node.asText() : node.path("content").asText(null);
    }

    /** Pairs of prompts (boundary off, boundary on) for every task's samples, each with its answer prefix. */
    private List<String[]> prompts(Tokenizer tokenizer, Path tokenizerDir, int length, boolean subword) throws Exception {
        QaFixtures.write(data, 600);
        ModelInfo model = model(tokenizerDir);
        PromptPreparer asWritten = new PromptPreparer(settings(false), model, tokenizer);
        PromptPreparer atBoundary = new PromptPreparer(settings(true), model, tokenizer);
        List<String[]> out = new ArrayList<>();
        for (Case c : cases(length, subword)) {
            List<Sample> samples = c.bench().samples(new BenchmarkSelection(c.task() == null ? c.name() : c.task(),
                    List.of(c.length()), 1, Map.of()), new SampleContext(data, tokenizer, 42, OVERHEAD));
            for (Sample s : samples) {
                RenderedPrompt r = c.bench().render(s);
                out.add(new String[] {asWritten.prepare(s.task(), r).text(), atBoundary.prepare(s.task(), r).text(),
                        r.answerPrefix(), c.name() + "/" + s.task() + "/" + s.id()});
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void subwordTokenizersGetByteIdenticalPrompts(String name) throws Exception {
        HfTokenizer tokenizer = HfTokenizer.shared(name);
        List<String[]> prompts = prompts(tokenizer, sharedTokenizerDir(name), 2048, true);
        assertTrue(prompts.size() >= RulerTask.values().length + 2, "one sample per task at least: " + prompts.size());
        assertTrue(prompts.stream().filter(p -> !p[2].isEmpty()).count() > RulerTask.values().length,
                "pass key and every RULER task end with an answer prefix");
        for (String[] p : prompts) {
            assertEquals(p[0], p[1], p[3] + " under " + name);
        }
    }

    @Test
    void theShippedByteTokenizerGetsTheSpaceAfterEveryAnswerPrefix() throws Exception {
        Path modelDir = repositoryRoot().resolve("models/longscope-byte-llama");
        HfTokenizer tokenizer = HfTokenizer.of("longscope-byte-llama", modelDir);
        int withPrefix = 0;
        for (String[] p : prompts(tokenizer, modelDir, 16384, false)) {
            assertTrue(p[0].endsWith(p[2]), p[3]);
            if (p[2].isEmpty()) {
                assertEquals(p[0], p[1], p[3] + " has no answer prefix");
            } else {
                withPrefix++;
                assertEquals(p[0] + " ", p[1], p[3] + ": the prompt ends with the answer prefix and its space");
            }
        }
        assertTrue(withPrefix >= RulerTask.values().length, "pass key and every RULER task but vt: " + withPrefix);
    }

    private static Path sharedTokenizerDir(String name) {
        return repositoryRoot().resolveSibling("shared").resolve("data/tokenizers").resolve(name);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("models"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
