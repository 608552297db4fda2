package org.longscope.nativeengine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GGUF-embedded vocabulary, converted from a family's real {@code tokenizer.json} as llama.cpp's
 * converter does, tokenizes exactly like that {@code tokenizer.json} run by Hugging Face tokenizers (DJL).
 */
class TokenizerConformanceTest {

    static List<String> texts() throws IOException {
        List<String> t = new ArrayList<>(List.of(
                "Hello world",
                " Hello  world ",
                "The quick brown fox jumps over the lazy dog.",
                "I'm sure you'll see they've gone; she'd've DON'T WE'LL It's",
                "public static void main(String[] args) {\n    System.out.println(\"hi\");\n}\n",
                "def f(x):\n\treturn x ** 2  # square\n\n\n",
                "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // 12345",
                "   leading spaces and trailing   ",
                "tabs\t\tand\r\nwindows\r\n\r\nlines",
                "\n\n\n\n",
                "      ",
                "numbers: 0 7 42 365 2024 1234567 3.14159 -0.001 1e-10 1,000,000",
                "汉字中文测试：你好，世界！这是一个长上下文模型。",
                "日本語のテキストです。カタカナとひらがな。",
                "한국어 텍스트 토크나이저",
                "Emoji 😀👍🏽🚀 and family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵",
                "Ünïcödé àccents: café naïve résumé Ångström",
                "combining: e\u0301 a\u0308 (decomposed)",
                "Русский текст и العربية и हिन्दी",
                "non-breaking\u00a0space and ideographic\u3000space and zero\u200bwidth",
                "math ∑∫√∞ ≠ ≤ ≥ → ← ½ ¼ ™ © ®",
                "URL https://example.com/path?q=1&r=two#frag email a.b@c.de",
                "JSON {\"key\": [1, 2, {\"nested\": null}], \"s\": \"x\\ny\"}",
                "<html><body class=\"x\">Text &amp; more</body></html>",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "----------------------------------------==========================",
                "'''\"\"\"```~~~!!!???...,,,;;;:::"));
        Path moby = SharedData.require("corpora/moby-dick/moby-dick.txt");
        String book = Files.readString(moby);
        t.add(book.substring(0, 20_000));
        t.add(book.substring(500_000, 510_000));
        return t;
    }

    private static void conforms(String family, String[] specialTexts) throws IOException {
        Path json = RealTokenizers.dir(family).resolve("tokenizer.json");
        GgufVocabulary vocab = RealTokenizers.vocabulary(family);
        BpeTokenizer gguf = new BpeTokenizer(vocab, family);
        try (DjlTokenizer hf = DjlTokenizer.open(json)) {
            assertEquals(hf.vocabularySize(), gguf.vocabularySize(), family + " vocabulary size");
            List<String> all = new ArrayList<>(texts());
            all.addAll(Arrays.asList(specialTexts));
            for (String text : all) {
                int[] expected = hf.encode(text, false);
                int[] actual = gguf.encode(text, false);
                assertArrayEquals(expected, actual, () -> family + " ids differ for: " + abbreviate(text));
                assertEquals(hf.decode(expected), gguf.decode(actual), () -> family + " decode differs for: " + abbreviate(text));
                String normalized = family.equals("qwen3") ? java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC) : text;
                assertEquals(normalized, gguf.decode(actual), () -> family + " round trip for: " + abbreviate(text));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Test
    void qwen3() throws IOException {
        conforms("qwen3", new String[] {
                "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n",
                "<think>\nreasoning\n</think>\n\nanswer<|endoftext|>",
                "<tool_call>{\"name\": \"f\"}</tool_call> <|im_end|><|im_end|>text"});
        GgufVocabulary v = RealTokenizers.vocabulary("qwen3");
        assertEquals("qwen2", v.pre());
        assertEquals("<|im_end|>", v.tokens()[v.eosId()]);
        assertTrue(!v.addBos());
    }

    @Test
    void llama3() throws IOException {
        conforms("llama3", new String[] {
                "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>",
                "<|start_header_id|>assistant<|end_header_id|>\n\n<|reserved_special_token_5|>x<|end_of_text|>"});
        GgufVocabulary v = RealTokenizers.vocabulary("llama3");
        assertEquals("llama-bpe", v.pre());
        assertEquals("<|begin_of_text|>", v.tokens()[v.bosId()]);
        BpeTokenizer t = new BpeTokenizer(v, "llama3");
        int[] withBos = t.encode("Hi", true);
        assertEquals(v.bosId(), withBos[0]);
    }
}
