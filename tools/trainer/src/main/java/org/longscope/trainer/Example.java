package org.longscope.trainer;

/**
 * One training sequence of exactly {@code tokens.length} ids (padded with PAD) and the loss weight
 * of predicting each token from the ones before it ({@code weights[0]} is always 0).
 *
 * @param kind        {@code lm} or the retrieval task's name, for the loss breakdown in the log
 * @param answerSpans the retrieved tokens as [from, to) pairs of positions: first the final answer
 *                    (its tokens and END), then any recalls inside the context; empty for {@code lm}
 */
public record Example(String kind, int[] tokens, float[] weights, int[] answerSpans) {

    Example(String kind, int[] tokens, float[] weights) {
        this(kind, tokens, weights, new int[0]);
    }

    /** First position of the final answer; 0 for {@code lm}. */
    int answerFrom() {
        return answerSpans.length == 0 ? 0 : answerSpans[0];
    }

    /** End (exclusive) of the final answer; 0 for {@code lm}. */
    int answerTo() {
        return answerSpans.length == 0 ? 0 : answerSpans[1];
    }

    /** Whether the token at {@code position} is retrieved (the answer or a recall). */
    public boolean isAnswer(int position) {
        for (int i = 0; i < answerSpans.length; i += 2) {
            if (position >= answerSpans[i] && position < answerSpans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Number of retrieved tokens. */
    public int answerTokens() {
        int n = 0;
        for (int i = 0; i < answerSpans.length; i += 2) {
            n += answerSpans[i + 1] - answerSpans[i];
        }
        return n;
    }
}
