package org.longscope.bench.synthetic;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.model.Tokenizer;

/** A real Hugging Face tokenizer (DJL's binding of the Rust library) as the platform's Tokenizer. */
public final class HfTokenizer implements Tokenizer {
    private static final Map<String, HfTokenizer> LOADED = new ConcurrentHashMap<>();

    private final HuggingFaceTokenizer tokenizer;
    private final String name;

    private HfTokenizer(String name, HuggingFaceTokenizer tokenizer) {
        this.name = name;
        this.tokenizer = tokenizer;
    }

    /** The shared tokenizer named {@code qwen3} or {@code llama3} (skips the test when absent). */
    public static HfTokenizer shared(String name) {
        return of(name, SharedData.tokenizer(name));
    }

    /** The tokenizer.json of a model folder, loaded once per name. */
    public static HfTokenizer of(String name, Path dir) {
        return LOADED.computeIfAbsent(name, n -> {
            try {
                return new HfTokenizer(n, HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"),
                        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                                "modelMaxLength", "100000000", "maxLength", "100000000")));
            } catch (IOException e) {
                throw new IllegalStateException("loading " + dir, e);
            }
        });
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        // the library's own call without DJL's Encoding object, which also fetches token strings,
        // offsets and masks: ids are all a count needs
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, addSpecialTokens);
        long[] ids;
        try {
            ids = TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    @Override
    public int vocabularySize() {
        return -1;
    }

    @Override
    public String toString() {
        return name;
    }
}
