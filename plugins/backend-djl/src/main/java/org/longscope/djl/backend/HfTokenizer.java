package org.longscope.djl.backend;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;

/**
 * A {@code tokenizer.json} run by Hugging Face's tokenizers through DJL, with no truncation or
 * padding (the platform decides those). Closing it frees the native tokenizer.
 */
final class HfTokenizer implements Tokenizer, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabularySize) {
        this.tokenizer = tokenizer;
        this.vocabularySize = vocabularySize;
    }

    static HfTokenizer open(Path tokenizerJson) {
        Set<Integer> ids = new HashSet<>();
        try {
            JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
            for (Iterator<JsonNode> it = root.path("model").path("vocab").elements(); it.hasNext(); ) {
                ids.add(it.next().asInt());
            }
            for (JsonNode t : root.path("added_tokens")) {
                ids.add(t.path("id").asInt());
            }
        } catch (IOException e) {
            throw new InvalidInputException(tokenizerJson.toString(), "not valid JSON: " + e.getMessage(), e);
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // DJL finds its native library through the context class loader; inside OSGi that must be DJL's own
            Thread.currentThread().setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
            return new HfTokenizer(t, ids.size());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(tokenizerJson.toString(), "cannot load the tokenizer: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
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
