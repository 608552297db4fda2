package org.longscope.trainer;

/**
 * One training sequence of exactly {@code tokens.length} ids (padded with PAD) and the loss weight
 * of predicting each token from the ones before it ({@code weights[0]} is always 0).
 *
 * @param kind    {@code lm} or the retrieval task's name, for the loss breakdown in the log
 */
public record Example(String kind, int[] tokens, float[] weights) {
}
