package org.longscope.openai;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;

/**
 * The served model's {@code tokenizer.json}, named in the spec (a local file or folder, or a hub
 * repository fetched through the dataset manager), run by Hugging Face's tokenizers through DJL,
 * with no truncation or padding: exact lengths without asking the server.
 */
final class NamedTokenizer implements Tokenizer, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private NamedTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** @param location {@code tokenizer.json} or the folder holding it */
    static NamedTokenizer open(Path location) {
        Path file = Files.isDirectory(location) ? location.resolve("tokenizer.json") : location;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("model.options.tokenizer", "no tokenizer.json at " + file);
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            // DJL finds its native library through the context class loader; inside OSGi that must be DJL's own
            Thread.currentThread().setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
            return new NamedTokenizer(HuggingFaceTokenizer.newInstance(file,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false")));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model.options.tokenizer", "cannot load " + file + ": " + e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        Encoding encoding = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    @Override
    public int vocabularySize() {
        return 0; // not read: nothing in LongScope needs it of a remote model
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
