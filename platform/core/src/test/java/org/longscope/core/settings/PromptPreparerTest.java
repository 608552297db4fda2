package org.longscope.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Decoding;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.Truncation;
import org.longscope.core.testing.EchoModel;
import org.longscope.core.testing.WordTokenizer;

class PromptPreparerTest {

    private final WordTokenizer tokenizer = new WordTokenizer();

    private static ModelInfo model(int context, String template) {
        return new ModelInfo("m", "test", context, template, null, null, true, false, Map.of());
    }

    /**
     * Settings with the answer prefix as written: the WordTokenizer keeps every space apart, so the
     * answer boundary would add one (tested on its own below).
     */
    private static EvaluationSettings settings(Truncation truncation, int maxLength, boolean template, List<String> plainTasks) {
        return new EvaluationSettings(template, plainTasks, truncation, maxLength, true, Decoding.GREEDY, Map.of(), false);
    }

    /** "a0 a1 ... a(n-1)": 2n-1 tokens of the WordTokenizer. */
    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append('a').append(i);
        }
        return sb.toString();
    }

    @Test
    void fittingPromptGetsTemplateAndAnswerPrefix() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 0, true, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer);
        PreparedPrompt out = p.prepare("t", RenderedPrompt.user("hello world", "Answer:", 4));
        assertEquals("<|user|> hello world\n<|assistant|> Answer:", out.text());
        assertEquals(9, out.promptTokens());
        assertEquals(0, out.truncatedTokens());
        assertFalse(out.skipped());
        assertTrue(out.templated());
    }

    @Test
    void tasksWithoutTemplateUsePlainContents() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 0, true, List.of("fewshot")),
                model(1000, EchoModel.TEMPLATE), tokenizer);
        RenderedPrompt r = new RenderedPrompt(List.of(ChatMessage.system("sys"), ChatMessage.user("q")), 1, " A:", 4, List.of());
        PreparedPrompt out = p.prepare("fewshot", r);
        assertEquals("sys\n\nq A:", out.text());
        assertFalse(out.templated());
        PromptPreparer off = new PromptPreparer(settings(Truncation.MIDDLE, 0, false, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer);
        assertEquals("sys\n\nq A:", off.prepare("other", r).text());
    }

    @Test
    void aPromptItsBenchmarkRunsWithoutTheTemplateIsPlainAndStillTruncated() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 40, true, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer);
        RenderedPrompt plain = new RenderedPrompt(List.of(ChatMessage.user(words(50))), 0, "", 10, List.of(), false);
        PreparedPrompt out = p.prepare("trec", plain);
        assertFalse(out.templated());
        // no template tokens: the content keeps 30 tokens, the first 15 and the last 15, as LongBench cuts
        assertEquals("a0 a1 a2 a3 a4 a5 a6 a7a42 a43 a44 a45 a46 a47 a48 a49", out.text()); // halves joined as decoded
        assertEquals(29, out.promptTokens()); // "a7" and "a42" merge into fewer tokens once joined
        assertTrue(p.prepare("trec", RenderedPrompt.user("q", "", 1)).templated(), "other prompts of the task keep it");
    }

    @Test
    void middleKeepsHeadAndTailHalvesOfTheBudget() {
        // template "<|user|> " + content + "\n<|assistant|> " = 5 tokens around the content; max_length 40, 10 new tokens
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 40, true, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer);
        PreparedPrompt out = p.prepare("t", RenderedPrompt.user(words(50), "", 10));
        // budget for the content: 30 - 5 = 25 tokens: first 12 "a0 a1 a2 a3 a4 a5 " and last 13 "a43 ... a49"
        assertEquals("<|user|> a0 a1 a2 a3 a4 a5 a43 a44 a45 a46 a47 a48 a49\n<|assistant|> ", out.text());
        assertEquals(30, out.promptTokens());
        assertEquals(99 - 25, out.truncatedTokens());
    }

    @Test
    void leftKeepsTheEndAndRightKeepsTheStart() {
        ModelInfo info = model(1000, EchoModel.TEMPLATE);
        PreparedPrompt left = new PromptPreparer(settings(Truncation.LEFT, 20, true, List.of()), info, tokenizer)
                .prepare("t", RenderedPrompt.user(words(20), "", 5));
        // 15 - 5 = 10 content tokens from the end: " a15 a16 a17 a18 a19"
        assertEquals("<|user|>  a15 a16 a17 a18 a19\n<|assistant|> ", left.text());
        PreparedPrompt right = new PromptPreparer(settings(Truncation.RIGHT, 20, true, List.of()), info, tokenizer)
                .prepare("t", RenderedPrompt.user(words(20), "", 5));
        assertEquals("<|user|> a0 a1 a2 a3 a4 \n<|assistant|> ", right.text());
        assertEquals(15, right.promptTokens());
    }

    @Test
    void skipMarksTheSampleInsteadOfCutting() {
        PreparedPrompt out = new PromptPreparer(settings(Truncation.SKIP, 20, true, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer)
                .prepare("t", RenderedPrompt.user(words(20), "", 5));
        assertTrue(out.skipped());
        assertEquals(39 + 5, out.promptTokens());
    }

    @Test
    void contextWindowIsTheDefaultBudget() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.RIGHT, 0, true, List.of()), model(20, EchoModel.TEMPLATE), tokenizer);
        assertEquals(20, p.maxLength());
        assertEquals(15, p.prepare("t", RenderedPrompt.user(words(20), "", 5)).promptTokens());
    }

    @Test
    void noRoomForThePromptIsAnError() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 8, true, List.of()), model(1000, EchoModel.TEMPLATE), tokenizer);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> p.prepare("t", RenderedPrompt.user(words(20), "", 8)));
        assertEquals("settings.max_length", e.location());
    }

    @Test
    void modelWithoutTemplateGetsMessages() {
        PromptPreparer p = new PromptPreparer(settings(Truncation.MIDDLE, 0, true, List.of()), model(1000, null), tokenizer);
        PreparedPrompt out = p.prepare("t", RenderedPrompt.user("hi", "", 4));
        assertNull(out.text());
        assertEquals(List.of(ChatMessage.user("hi")), out.messages());
    }

    @Test
    void qwen3TemplateWithThinkingOffAndAnswerPrefix() throws Exception {
        String template = new com.fasterxml.jackson.databind.ObjectMapper().readTree(org.longscope.core.testing.SharedData.require()
                .resolve("tokenizers/qwen3/tokenizer_config.json").toFile()).get("chat_template").asText();
        EvaluationSettings s = new EvaluationSettings(true, List.of(), Truncation.MIDDLE, 0, true, Decoding.GREEDY,
                Map.of("enable_thinking", false), false);
        ModelInfo qwen = new ModelInfo("qwen3", "qwen3", 40960, template, null, "<|im_end|>", true, false, Map.of());
        PreparedPrompt out = new PromptPreparer(s, qwen, tokenizer)
                .prepare("t", RenderedPrompt.user("Find the key.", "The pass key is", 8));
        assertEquals("<|im_start|>user\nFind the key.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
                + "The pass key is", out.text());
    }

    @Test
    void thinkingIsRemoved() {
        assertEquals("42", ThinkingStripper.strip("<think>\nreasoning\n</think>\n\n42"));
        assertEquals("a b", ThinkingStripper.strip("a <think>x</think>b"));
        assertEquals("", ThinkingStripper.strip("  <think>never finished"));
        assertEquals("answer", ThinkingStripper.strip("thought from a prompt-opened block</think>answer"));
        assertEquals("plain", ThinkingStripper.strip(" plain "));
    }

    @Test
    void theAnswerBoundaryPutsASpaceTheTokenizerKeepsApartIntoThePrompt() {
        ModelInfo model = model(1000, EchoModel.TEMPLATE);
        PromptPreparer on = new PromptPreparer(EvaluationSettings.DEFAULTS, model, tokenizer);
        PreparedPrompt out = on.prepare("t", RenderedPrompt.user("hello world", "The pass key is", 4));
        assertEquals("<|user|> hello world\n<|assistant|> The pass key is ", out.text());
        assertEquals("The pass key is ", out.answerPrefix());
        assertEquals(tokenizer.count(out.text()), out.promptTokens());

        EvaluationSettings asWritten = new EvaluationSettings(true, List.of(), Truncation.MIDDLE, 0, true, Decoding.GREEDY,
                Map.of(), false);
        PreparedPrompt off = new PromptPreparer(asWritten, model, tokenizer)
                .prepare("t", RenderedPrompt.user("hello world", "The pass key is", 4));
        assertEquals("<|user|> hello world\n<|assistant|> The pass key is", off.text());
        assertEquals("The pass key is", off.answerPrefix());
    }

    @Test
    void theAnswerBoundaryCountsTheSpaceWhenTruncating() {
        EvaluationSettings s = new EvaluationSettings(false, List.of(), Truncation.MIDDLE, 40, true, Decoding.GREEDY,
                Map.of(), true);
        PreparedPrompt out = new PromptPreparer(s, model(1000, null), tokenizer)
                .prepare("t", RenderedPrompt.user(words(50), " is", 4));
        assertEquals(36, out.promptTokens());
        assertEquals(tokenizer.count(out.text()), out.promptTokens());
        assertTrue(out.text().endsWith(" is "), out.text());
    }
}
