package org.longscope.bench.synthetic;

import org.longscope.api.model.Tokenizer;

/** Tokenizers for tests: the real shared ones, or a whitespace one that needs no data. */
public final class TestTokenizers {
    private TestTokenizers() {
    }

    /** {@code qwen3} or {@code llama3} from ../shared/data (the test is skipped when absent). */
    public static Tokenizer shared(String name) {
        return HfTokenizer.shared(name);
    }

    public static Tokenizer whitespace() {
        return new WhitespaceTokenizer();
    }
}
