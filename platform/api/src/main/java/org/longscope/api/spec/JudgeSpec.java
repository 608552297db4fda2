package org.longscope.api.spec;

import java.util.Map;

/**
 * The reward judge of a run.
 *
 * @param id     {@code longscope.id} of the judge
 * @param model  the judging model, or {@code null} to use the run's model
 * @param params the judge's parameters ({@code --judge generative:both_orders=true}), validated by
 *               the judge's {@link org.longscope.api.judge.RewardJudge#check}
 */
public record JudgeSpec(String id, ModelSpec model, Map<String, Object> params) {
    public JudgeSpec {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public JudgeSpec(String id, ModelSpec model) {
        this(id, model, Map.of());
    }
}
