package org.longscope.nativeengine.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.longscope.nativeengine.tokenizer.GgufVocabulary;
import org.longscope.nativeengine.tokenizer.TiktokenVocabulary;
import org.longscope.nativeengine.tokenizer.TokenizerJson;

/**
 * The tokenizer a synthetic model is written with, in both forms: the Hugging Face files and the GGUF
 * vocabulary (which {@link #gguf(int)} pads to the embedding size).
 */
public final class SynthTokenizer {
    /** The ChatML template used with the built-in tokenizer. */
    public static final String CHATML_TEMPLATE = "{%- for message in messages %}"
            + "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

    private final int size;
    private final String tokenizerJson;
    private final String tokenizerConfigJson;
    private final java.util.function.IntFunction<GgufVocabulary> gguf;
    private final String chatTemplate;

    private SynthTokenizer(int size, String tokenizerJson, String tokenizerConfigJson,
            java.util.function.IntFunction<GgufVocabulary> gguf, String chatTemplate) {
        this.size = size;
        this.tokenizerJson = tokenizerJson;
        this.tokenizerConfigJson = tokenizerConfigJson;
        this.gguf = gguf;
        this.chatTemplate = chatTemplate;
    }

    private static volatile SynthTokenizer builtIn;

    /** GPT-2's r50k BPE plus ChatML tokens (50,259 tokens), shipped with the bundle; built once per JVM. */
    public static SynthTokenizer builtIn() {
        SynthTokenizer t = builtIn;
        if (t == null) {
            synchronized (SynthTokenizer.class) {
                if (builtIn == null) {
                    TiktokenVocabulary v = TiktokenVocabulary.gpt2WithChatTokens();
                    builtIn = new SynthTokenizer(v.size(), v.toTokenizerJson(), v.toTokenizerConfigJson(CHATML_TEMPLATE),
                            v::toGguf, CHATML_TEMPLATE);
                }
                t = builtIn;
            }
        }
        return t;
    }

    /** A tokenizer built from tiktoken-style ranks (e.g. a small test vocabulary) with a chat template. */
    public static SynthTokenizer of(TiktokenVocabulary v, String chatTemplate) {
        return new SynthTokenizer(v.size(), v.toTokenizerJson(), v.toTokenizerConfigJson(chatTemplate), v::toGguf, chatTemplate);
    }

    /** A byte-level BPE {@code tokenizer.json} (and its {@code tokenizer_config.json}, may be absent) from disk. */
    public static SynthTokenizer fromFiles(Path tokenizerJson, Path tokenizerConfig) {
        return fromFiles(tokenizerJson, tokenizerConfig, TokenizerJson.toGgufVocabulary(tokenizerJson, tokenizerConfig, 0));
    }

    /** As {@link #fromFiles(Path, Path)} with the unpadded GGUF conversion already done. */
    public static SynthTokenizer fromFiles(Path tokenizerJson, Path tokenizerConfig, GgufVocabulary probe) {
        try {
            String config = tokenizerConfig != null && Files.isRegularFile(tokenizerConfig) ? Files.readString(tokenizerConfig) : null;
            SynthTokenizer t = new SynthTokenizer(probe.size(), Files.readString(tokenizerJson), config,
                    n -> TokenizerJson.toGgufVocabulary(tokenizerJson, tokenizerConfig, n), TokenizerJson.chatTemplate(tokenizerConfig));
            t.ggufBySize.put(probe.size(), probe);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return size;
    }

    private final java.util.Map<Integer, GgufVocabulary> ggufBySize = new java.util.concurrent.ConcurrentHashMap<>();

    /** The GGUF vocabulary padded to {@code vocabSize} (converted once per size). */
    GgufVocabulary gguf(int vocabSize) {
        return ggufBySize.computeIfAbsent(vocabSize, gguf::apply);
    }

    String tokenizerJson() {
        return tokenizerJson;
    }

    /** May be null. */
    String tokenizerConfigJson() {
        return tokenizerConfigJson;
    }

    /** May be null. */
    String chatTemplate() {
        return chatTemplate;
    }
}
