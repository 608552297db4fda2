package org.longscope.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.ChatMessage;
import org.longscope.core.testing.SharedData;

class ChatTemplateTest {

    private static JsonNode config(String model) throws IOException {
        return new ObjectMapper().readTree(
                SharedData.require().resolve("tokenizers").resolve(model).resolve("tokenizer_config.json").toFile());
    }

    private static ChatTemplate template(JsonNode config) {
        return ChatTemplate.of(config.get("chat_template").asText());
    }

    @Test
    void qwen3RendersSystemUserAndGenerationPrompt() throws IOException {
        JsonNode cfg = config("qwen3");
        String out = template(cfg).render(
                List.of(ChatMessage.system("You are helpful."), ChatMessage.user("What is the pass key?")),
                true, null, cfg.get("eos_token").asText(), Map.of());
        assertEquals("<|im_start|>system\nYou are helpful.<|im_end|>\n"
                + "<|im_start|>user\nWhat is the pass key?<|im_end|>\n"
                + "<|im_start|>assistant\n", out);
    }

    @Test
    void qwen3WithThinkingDisabledAddsAnEmptyThinkBlock() throws IOException {
        JsonNode cfg = config("qwen3");
        String out = template(cfg).renderUser("Hi", null, "<|im_end|>", Map.of("enable_thinking", false));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n", out);
    }

    @Test
    void qwen3DropsReasoningFromEarlierAssistantTurns() throws IOException {
        JsonNode cfg = config("qwen3");
        String out = template(cfg).render(List.of(
                ChatMessage.user("  first  "),
                ChatMessage.assistant("<think>\nlet me think\n</think>\n\nAnswer one"),
                ChatMessage.user("second")), true, null, "<|im_end|>", Map.of());
        assertEquals("<|im_start|>user\n  first  <|im_end|>\n"
                + "<|im_start|>assistant\nAnswer one<|im_end|>\n"
                + "<|im_start|>user\nsecond<|im_end|>\n"
                + "<|im_start|>assistant\n", out);
    }

    @Test
    void qwen3KeepsReasoningOfTheFinalAssistantTurn() throws IOException {
        JsonNode cfg = config("qwen3");
        String out = template(cfg).render(List.of(
                ChatMessage.user("q"),
                ChatMessage.assistant("<think>\nsteps\n</think>\n\nfinal")), false, null, "<|im_end|>", Map.of());
        assertEquals("<|im_start|>user\nq<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\nsteps\n</think>\n\nfinal<|im_end|>\n", out);
    }

    @Test
    void llama3RendersHeadersBosAndTrimmedContent() throws IOException {
        JsonNode cfg = config("llama3");
        String out = template(cfg).render(
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("  Where is the needle?\n")),
                true, cfg.get("bos_token").asText(), cfg.get("eos_token").asText(), Map.of());
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhere is the needle?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", out);
    }

    @Test
    void raiseExceptionBecomesAnInvalidInputError() {
        ChatTemplate t = ChatTemplate.of(
                "{% if messages[0].role != 'user' %}{{ raise_exception('first message must be user') }}{% endif %}ok");
        assertEquals("ok", t.renderUser("x", null, null, Map.of()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> t.render(List.of(ChatMessage.assistant("x")), false, null, null, Map.of()));
        assertTrue(e.getMessage().contains("first message must be user"), e.getMessage());
    }

    @Test
    void pythonStringMethodsFiltersAndNamespace() {
        ChatTemplate t = ChatTemplate.of("{%- set ns = namespace(n=0) -%}"
                + "{%- for m in messages -%}{%- set ns.n = ns.n + 1 -%}{%- endfor -%}"
                + "{{ ns.n }}|{{ messages[0].content.strip() }}|{{ messages[0].content.lstrip().rstrip('! ') }}"
                + "|{{ 'a,b,c'.split(',')[-1] }}|{{ 'a b  c'.split()|length }}"
                + "|{{ messages[0].content.strip().startswith('Hi') }}|{{ 'x.txt'.endswith('.txt') }}"
                + "|{{ 'aXbX'.replace('X', '-') }}|{{ '  t  '|trim }}|{{ messages[0]|tojson }}"
                + "|{{ strftime_now('%Y')|length }}");
        String out = t.render(List.of(ChatMessage.user("  Hi there! "), ChatMessage.user("b")), false, null, null,
                Map.of());
        assertEquals("2|Hi there!|Hi there|c|3|true|true|a-b-|t|{\"role\":\"user\",\"content\":\"  Hi there! \"}|4",
                out);
    }

    @Test
    void blockWhitespaceFollowsJinja2() {
        // lstrip_blocks removes indentation before a block tag, never text-adjacent spaces; trim_blocks eats one newline
        ChatTemplate t = ChatTemplate.of("A {% if true %}B{% endif %}\n    {% if true %}\nC{% endif %}");
        assertEquals("A BC", t.renderUser("", null, null, Map.of()));
    }

    @Test
    void emptyTemplateIsRefused() {
        assertThrows(InvalidInputException.class, () -> ChatTemplate.of(" "));
    }
}
