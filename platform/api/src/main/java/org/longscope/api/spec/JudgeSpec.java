package org.longscope.api.spec;

/**
 * The reward judge of a run.
 *
 * @param id    {@code longscope.id} of the judge
 * @param model the judging model, or {@code null} to use the run's model
 */
public record JudgeSpec(String id, ModelSpec model) {
}
