package org.longscope.nativeengine.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SynthTokenizer;
import org.longscope.nativeengine.synth.SyntheticModels;
import org.longscope.nativeengine.tokenizer.TiktokenVocabulary;

/** Very small models (a 300-token byte-level vocabulary, one layer, width 32) for tests that load many files. */
public final class TinyModels {
    public static final ModelShape MICRO_QWEN2 = new ModelShape("micro-qwen2", "qwen2", 0, 32, 64, 1, 2, 1, 16,
            256, 1e-6f, 10000, null, true, false, true);
    public static final ModelShape MICRO_LLAMA = new ModelShape("micro-llama", "llama", 0, 32, 64, 1, 2, 1, 16,
            256, 1e-5f, 10000, new ModelConfig.RopeScaling(4, 1, 4, 64), false, false, false);

    private static SynthTokenizer tokenizer;

    private TinyModels() {
    }

    /** The 256 bytes plus a few merges ("th", "the", "he", " t", " the", "in", "ing") as a tiktoken rank file. */
    public static synchronized SynthTokenizer microTokenizer() {
        if (tokenizer == null) {
            StringBuilder ranks = new StringBuilder();
            int rank = 0;
            for (int b = 0; b < 256; b++) {
                ranks.append(Base64.getEncoder().encodeToString(new byte[] {(byte) b})).append(' ').append(rank++).append('\n');
            }
            for (String t : List.of("th", "he", "the", " t", " the", "in", "ing", " w", "or", "ld", "orld", " world")) {
                ranks.append(Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8))).append(' ').append(rank++).append('\n');
            }
            try {
                TiktokenVocabulary v = TiktokenVocabulary.fromRanks(new ByteArrayInputStream(ranks.toString().getBytes(StandardCharsets.US_ASCII)),
                        "micro", List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"));
                tokenizer = SynthTokenizer.of(v, SynthTokenizer.CHATML_TEMPLATE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    public static Path write(ModelShape shape, GgmlType dtype, SyntheticModels.Format format, Path out) {
        return SyntheticModels.write(new SyntheticModels.Request(shape, dtype, format, out, 11, 0, microTokenizer(), 0));
    }
}
