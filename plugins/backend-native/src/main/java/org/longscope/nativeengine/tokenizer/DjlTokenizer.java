package org.longscope.nativeengine.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
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
        Set<Integer> ids = tokenIds(tokenizerJson);
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

    /** The ids of model.vocab and added_tokens, read by streaming past the (large) merges. */
    private static Set<Integer> tokenIds(Path file) {
        Set<Integer> ids = new HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(file.toString(), "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        if (p.nextToken() == JsonToken.START_OBJECT && inner.equals("vocab")) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                p.nextToken();
                                ids.add(p.getIntValue());
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            if (inner.equals("id")) {
                                ids.add(p.getIntValue());
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "not a valid tokenizer.json: " + e.getMessage(), e);
        }
        return ids;
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
