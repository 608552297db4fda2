package org.longscope.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.nativeengine.tokenizer.GgufVocabulary;
import org.longscope.nativeengine.tokenizer.TokenizerJson;

/** The written tokenizer.json means to Hugging Face's tokenizers exactly what the trainer feeds the model. */
class ByteTokenizerTest {

    @Test
    void huggingFaceTokenizerEncodesTheChatFormatAsTheTrainerDoes(@TempDir Path dir) throws Exception {
        ByteTokenizer.write(dir, 2048);
        String content = "Résumé: the pass key is 12345.\n\tTabs, ~tildes~ and emoji \uD83D\uDE00 too.";
        Example e = Tasks.chat("test", 200, content, "The pass key is", " 12345.", 0, 1);
        int end = 0;
        while (e.tokens()[end] != ByteTokenizer.PAD) {
            end++;
        }
        int[] trainer = Arrays.copyOf(e.tokens(), end);
        // what the chat template renders, plus the answer prefix, answer and end of turn
        String rendered = "<s><|user|>\n" + content + "<|end|>\n<|assistant|>\nThe pass key is 12345.<|end|>";
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"),
                Map.of("addSpecialTokens", "false"))) {
            long[] ids = hf.encode(rendered, false, false).getIds();
            assertArrayEquals(trainer, Arrays.stream(ids).mapToInt(l -> (int) l).toArray());
            assertEquals(rendered, hf.decode(ids, false));
            // with special tokens the post-processor adds BOS, as add_bos_token says
            assertEquals(ByteTokenizer.BOS, hf.encode("hi", true, false).getIds()[0]);
        }
        GgufVocabulary gguf = TokenizerJson.toGgufVocabulary(dir.resolve("tokenizer.json"), dir.resolve("tokenizer_config.json"),
                ByteTokenizer.VOCAB_SIZE);
        assertEquals(ByteTokenizer.VOCAB_SIZE, gguf.size());
    }
}
