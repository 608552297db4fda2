package org.longscope.api.judge;

import java.util.List;
import org.longscope.api.model.ChatMessage;

/**
 * A judgement to make: candidate responses to one long prompt.
 *
 * @param mode           pairwise (two candidates) or ranking (best-of-N)
 * @param prompt         the task's prompt as chat messages (context and question), before any
 *                       judge prompt is built around it
 * @param contextMessage index in {@code prompt} of the long-context message, the one the run engine
 *                       may cut when a judge's prompt is over its model's window
 * @param candidates     the responses, in presentation order (the benchmark decides the order)
 */
public record JudgeRequest(Mode mode, List<ChatMessage> prompt, int contextMessage, List<String> candidates) {
    public enum Mode { PAIRWISE, RANKING }

    public JudgeRequest {
        prompt = List.copyOf(prompt);
        candidates = List.copyOf(candidates);
        if (contextMessage < 0 || contextMessage >= prompt.size()) {
            throw new IllegalArgumentException("contextMessage " + contextMessage + " is not a message index");
        }
        if (mode == Mode.PAIRWISE && candidates.size() != 2) {
            throw new IllegalArgumentException("a pairwise judgement needs 2 candidates, got " + candidates.size());
        }
        if (mode == Mode.RANKING && candidates.size() < 2) {
            throw new IllegalArgumentException("a ranking needs at least 2 candidates, got " + candidates.size());
        }
    }
}
