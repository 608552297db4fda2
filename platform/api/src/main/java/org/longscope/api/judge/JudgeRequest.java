package org.longscope.api.judge;

import java.util.List;
import org.longscope.api.model.ChatMessage;

/**
 * A judgement to make.
 *
 * @param mode       pairwise (two candidates) or ranking (best-of-N)
 * @param prompt     the long prompt the candidates answer
 * @param candidates the responses, in presentation order
 */
public record JudgeRequest(Mode mode, List<ChatMessage> prompt, List<String> candidates) {
    public enum Mode { PAIRWISE, RANKING }

    public JudgeRequest {
        prompt = List.copyOf(prompt);
        candidates = List.copyOf(candidates);
        if (mode == Mode.PAIRWISE && candidates.size() != 2) {
            throw new IllegalArgumentException("pairwise judgement needs 2 candidates, got " + candidates.size());
        }
    }
}
