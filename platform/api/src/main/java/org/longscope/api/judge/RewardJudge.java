package org.longscope.api.judge;

import org.longscope.api.model.LanguageModel;

/**
 * Judges candidate responses. Registered as an OSGi service with {@code longscope.kind=judge} and
 * {@code longscope.id=<id>} ({@code generative}, {@code scalar}).
 *
 * <p>A generative judge renders a judge prompt, calls {@code model.generate} and parses the verdict;
 * a scalar judge calls {@code model.reward} on each candidate. Stateless and thread-safe.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface RewardJudge {

    /**
     * @param request the prompt and the candidates
     * @param model   the judging model (opened by the run engine from the spec's judge model)
     * @return the verdict; an unparseable output is a verdict with {@code parsed=false}, not an exception
     * @throws UnsupportedOperationException if the model lacks what the judge needs (e.g. a reward head)
     */
    Verdict judge(JudgeRequest request, LanguageModel model);
}
