package org.longscope.nativeengine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.model.ChatMessage;
import org.longscope.core.template.ChatTemplate;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SynthTokenizer;
import org.longscope.nativeengine.synth.SyntheticModels;

/**
 * Models written with the real Qwen3 and Llama 3 tokenizers expose their chat templates from both
 * tokenizer_config.json and GGUF tokenizer.chat_template; core's renderer renders them, and both
 * tokenizers split the rendered prompt identically, with the turn markers as single special tokens.
 */
class ChatTemplateTest {
    private static final ModelShape MICRO = new ModelShape("micro", "qwen3", 0, 32, 64, 1, 2, 1, 16,
            1024, 1e-6f, 1_000_000, null, false, true, true);

    @TempDir
    Path dir;

    private String renderAndCompare(String family, Map<String, Object> variables) {
        SynthTokenizer tokenizer = RealTokenizers.synth(family);
        Path gguf = SyntheticModels.write(new SyntheticModels.Request(MICRO, GgmlType.F32, SyntheticModels.Format.GGUF,
                dir.resolve(family + ".gguf"), 1, 0, tokenizer, 0));
        Path hf = SyntheticModels.write(new SyntheticModels.Request(MICRO, GgmlType.F32, SyntheticModels.Format.HF,
                dir.resolve(family), 1, 0, tokenizer, 0));
        try (LoadedModel g = ModelLoader.load(gguf); LoadedModel h = ModelLoader.load(hf)) {
            assertNotNull(h.chatTemplate());
            assertEquals(h.chatTemplate(), g.chatTemplate());
            assertEquals(h.eosToken(), g.eosToken());
            assertEquals(h.bosToken(), g.bosToken());
            List<ChatMessage> chat = List.of(ChatMessage.system("You are terse."), ChatMessage.user("What is 2+2? 答えて 😀"));
            String rendered = ChatTemplate.of(g.chatTemplate()).render(chat, true, g.bosToken(), g.eosToken(), variables);
            int[] ids = g.tokenizer().encode(rendered, false);
            assertArrayEquals(h.tokenizer().encode(rendered, false), ids);
            assertEquals(rendered, g.tokenizer().decode(ids));
            for (int stop : g.stopTokenIds()) {
                assertTrue(Arrays.stream(h.stopTokenIds()).anyMatch(s -> s == stop) || family.equals("llama3"),
                        family + " stop token " + stop);
            }
            return rendered;
        }
    }

    @Test
    void qwen3() {
        String rendered = renderAndCompare("qwen3", Map.of("enable_thinking", false));
        assertTrue(rendered.startsWith("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\n"), rendered);
        assertTrue(rendered.endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n"), rendered);
    }

    @Test
    void llama3() {
        String rendered = renderAndCompare("llama3", Map.of());
        assertTrue(rendered.startsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"), rendered);
        assertTrue(rendered.endsWith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"), rendered);
    }
}
