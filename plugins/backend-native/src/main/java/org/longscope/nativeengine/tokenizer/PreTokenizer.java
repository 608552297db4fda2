package org.longscope.nativeengine.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.InvalidInputException;

/**
 * The split rules of byte-level BPE vocabularies, chosen by GGUF's {@code tokenizer.ggml.pre} (the
 * regexes of llama.cpp's {@code llama-vocab.cpp}, which copy the {@code Split} pre-tokenizers of the
 * families' {@code tokenizer.json}). Java's {@code \s} is made Unicode-aware to match the Rust regex.
 */
public enum PreTokenizer {
    /** Llama 3 ({@code llama-bpe}): digits in groups of up to three; whole-word vocabulary hits skip the merges. */
    LLAMA3("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", true, false),
    /** Qwen2, Qwen2.5, Qwen3 ({@code qwen2}): single digits, NFC-normalized input. */
    QWEN2("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", false, true),
    /** GPT-2 ({@code gpt2} and the default). */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", false, false);

    private final Pattern pattern;
    private final boolean ignoreMerges;
    private final boolean nfc;

    PreTokenizer(String regex, boolean ignoreMerges, boolean nfc) {
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        this.ignoreMerges = ignoreMerges;
        this.nfc = nfc;
    }

    /** Whether a pre-token found whole in the vocabulary is emitted without applying merges. */
    boolean ignoreMerges() {
        return ignoreMerges;
    }

    String normalize(String text) {
        return nfc ? Normalizer.normalize(text, Normalizer.Form.NFC) : text;
    }

    /** Splits text into pre-tokens; every character ends up in exactly one piece. */
    List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                pieces.add(text.substring(last, m.start()));
            }
            if (m.end() > m.start()) {
                pieces.add(m.group());
            }
            last = m.end();
        }
        if (last < text.length()) {
            pieces.add(text.substring(last));
        }
        return pieces;
    }

    /** The rule for a {@code tokenizer.ggml.pre} value. */
    public static PreTokenizer forGgufPre(String pre, String location) {
        if (pre == null) {
            return GPT2;
        }
        return switch (pre) {
            case "llama3", "llama-v3", "llama-bpe", "smaug-bpe" -> LLAMA3;
            case "qwen2", "deepseek-r1-qwen" -> QWEN2;
            case "default", "gpt2", "gpt-2" -> GPT2;
            default -> throw new InvalidInputException(location, "unsupported tokenizer.ggml.pre '" + pre
                    + "', expected llama-bpe, qwen2 or default");
        };
    }

    /** The GGUF {@code tokenizer.ggml.pre} name written for this rule. */
    public String ggufName() {
        return switch (this) {
            case LLAMA3 -> "llama-bpe";
            case QWEN2 -> "qwen2";
            case GPT2 -> "default";
        };
    }
}
