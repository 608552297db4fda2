package org.longscope.trainer;

/**
 * One training sequence of exactly {@code tokens.length} ids (padded with PAD) and the loss weight
 * of predicting each token from the ones before it ({@code weights[0]} is always 0).
 *
 * @param kind        {@code lm} or the retrieval task's name, for the loss breakdown in the log
 * @param answerFrom  first position of the retrieval answer (its tokens and END); 0 for {@code lm}
 * @param answerTo    end (exclusive) of the retrieval answer; 0 for {@code lm}
 */
public record Example(String kind, int[] tokens, float[] weights, int answerFrom, int answerTo) {

    Example(String kind, int[] tokens, float[] weights) {
        this(kind, tokens, weights, 0, 0);
    }

    boolean isAnswer(int position) {
        return position >= answerFrom && position < answerTo;
    }
}
