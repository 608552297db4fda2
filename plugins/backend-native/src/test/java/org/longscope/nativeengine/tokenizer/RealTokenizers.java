package org.longscope.nativeengine.tokenizer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.longscope.nativeengine.synth.SynthTokenizer;

/** The real Qwen3 and Llama 3 vocabularies from shared data, converted once per test JVM. */
final class RealTokenizers {
    private static final Map<String, GgufVocabulary> VOCABULARIES = new HashMap<>();

    private RealTokenizers() {
    }

    static Path dir(String family) {
        return SharedData.require("tokenizers/" + family);
    }

    static synchronized GgufVocabulary vocabulary(String family) {
        return VOCABULARIES.computeIfAbsent(family, f -> TokenizerJson.toGgufVocabulary(
                dir(f).resolve("tokenizer.json"), dir(f).resolve("tokenizer_config.json"), 0));
    }

    static SynthTokenizer synth(String family) {
        return SynthTokenizer.fromFiles(dir(family).resolve("tokenizer.json"), dir(family).resolve("tokenizer_config.json"),
                vocabulary(family));
    }
}
