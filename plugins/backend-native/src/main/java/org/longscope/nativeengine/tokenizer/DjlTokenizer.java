package org.longscope.nativeengine.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;

/**
 * A {@code tokenizer.json} run by Hugging Face's Rust tokenizers through DJL. No truncation or padding:
 * the platform decides those. Closing it frees the native tokenizer.
 */
public final class DjlTokenizer implements Tokenizer, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;

    private DjlTokenizer(HuggingFaceTokenizer tokenizer, int vocabularySize) {
        this.tokenizer = tokenizer;
        this.vocabularySize = vocabularySize;
    }

    public static DjlTokenizer open(Path tokenizerJson) {
        JsonNode root = TokenizerJson.readJson(tokenizerJson);
        Set<Integer> ids = new HashSet<>();
        for (Iterator<JsonNode> it = root.path("model").path("vocab").elements(); it.hasNext(); ) {
            ids.add(it.next().asInt());
        }
        for (JsonNode t : root.path("added_tokens")) {
            ids.add(t.path("id").asInt());
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // DJL finds its native library through the context class loader; inside OSGi that must be DJL's own
            Thread.currentThread().setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
            return new DjlTokenizer(t, ids.size());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(tokenizerJson.toString(), "cannot load the tokenizer: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = e.getIds();
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
        return vocabularySize;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
