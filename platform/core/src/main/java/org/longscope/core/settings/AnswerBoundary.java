package org.longscope.core.settings;

import java.util.Arrays;
import org.longscope.api.model.Tokenizer;

/**
 * Where the prompt ends and the answer begins, decided in the model's own tokens.
 *
 * <p>Benchmarks write an answer prefix ("The pass key is") that the answer follows after a space. A
 * subword tokenizer merges that space into the answer's first token (" 42665", " the"), so the prompt
 * rightly ends at "is", as upstream prompts are written. A tokenizer that keeps a leading space as a
 * token of its own (byte-level ones) makes that space the first generated token of every answer: the
 * model reads the context for the answer only after generating it, and a KV method that selects at
 * prefill time from the last prompt queries (SnapKV's observation window) selects before the model
 * has looked. For such a tokenizer the space belongs to the prompt.
 *
 * <p>The test: after the prefix, does a common word keep its leading space as a separate token?
 * Subword vocabularies (byte-level BPE, SentencePiece) all hold " the" as one token.
 */
public final class AnswerBoundary {
    /** A word every subword vocabulary holds with its leading space. */
    static final String PROBE_WORD = " the";

    private AnswerBoundary() {
    }

    /** The answer prefix the prompt ends with: {@code answerPrefix}, plus a space when the tokenizer keeps it apart. */
    public static String prefix(String answerPrefix, Tokenizer tokenizer) {
        if (answerPrefix.isEmpty() || Character.isWhitespace(answerPrefix.charAt(answerPrefix.length() - 1))) {
            return answerPrefix;
        }
        return spaceIsOwnToken(answerPrefix, tokenizer) ? answerPrefix + " " : answerPrefix;
    }

    /** Whether the tokens of prefix + " " begin the tokens of prefix + " the", one token longer than the prefix's. */
    static boolean spaceIsOwnToken(String answerPrefix, Tokenizer tokenizer) {
        int[] prefix = tokenizer.encode(answerPrefix, false);
        int[] withSpace = tokenizer.encode(answerPrefix + " ", false);
        int[] withWord = tokenizer.encode(answerPrefix + PROBE_WORD, false);
        return withSpace.length == prefix.length + 1 && withWord.length > withSpace.length
                && Arrays.equals(withWord, 0, withSpace.length, withSpace, 0, withSpace.length);
    }
}
