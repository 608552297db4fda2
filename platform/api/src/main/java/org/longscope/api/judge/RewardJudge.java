package org.longscope.api.judge;

import org.longscope.api.model.ModelInfo;

/**
 * Judges candidate responses. Registered as an OSGi service with {@code longscope.kind=judge} and
 * {@code longscope.id=<id>} ({@code generative}, {@code scalar}, {@code likelihood}).
 *
 * <p>A generative judge builds its judge prompt, calls {@link JudgeContext#generate} and parses the
 * verdict; a scalar judge calls {@link JudgeContext#reward} on each candidate; a likelihood judge
 * {@link JudgeContext#continuationLogProbs}. Stateless and thread-safe.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface RewardJudge {

    /**
     * Refuses a judging model that lacks what this judge needs, before any work starts.
     *
     * @param params the judge's parameters from the spec ({@code --judge id:k=v})
     * @throws org.longscope.api.InvalidInputException naming {@code judge.model} or the parameter
     */
    default void check(ModelInfo model, java.util.Map<String, Object> params) {
    }

    /**
     * @return the verdict; an unparseable output is {@link Verdict#unparsed}, not an exception
     * @throws UnsupportedOperationException if the model lacks what the judge needs
     */
    Verdict judge(JudgeRequest request, JudgeContext context, java.util.Map<String, Object> params);
}
