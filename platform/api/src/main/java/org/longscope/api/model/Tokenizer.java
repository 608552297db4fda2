package org.longscope.api.model;

/**
 * The model's own tokenizer: truncation and length buckets are measured in its tokens.
 * Implementations are thread-safe.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Tokenizer {

    /**
     * Encodes text to token ids.
     *
     * @param addSpecialTokens whether to add the model's BOS/EOS decoration (as Hugging Face's
     *                         {@code add_special_tokens}); special tokens written in the text are
     *                         always recognised
     */
    int[] encode(String text, boolean addSpecialTokens);

    /** Decodes ids back to text; special tokens are kept as text. */
    String decode(int[] ids);

    /** Number of tokens of {@code text} without added special tokens. */
    default int count(String text) {
        return encode(text, false).length;
    }

    /** Size of the vocabulary including added tokens. */
    int vocabularySize();
}
