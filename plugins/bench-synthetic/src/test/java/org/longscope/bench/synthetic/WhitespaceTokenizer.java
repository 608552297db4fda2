package org.longscope.bench.synthetic;

import org.longscope.api.model.Tokenizer;

/** One token per whitespace-separated word: for tests that need no real vocabulary. */
public final class WhitespaceTokenizer implements Tokenizer {
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        String t = text.strip();
        return t.isEmpty() ? new int[0] : new int[t.split("\\s+").length];
    }

    @Override
    public String decode(int[] ids) {
        throw new UnsupportedOperationException("whitespace tokenizer cannot decode");
    }

    @Override
    public int vocabularySize() {
        return 0;
    }
}
