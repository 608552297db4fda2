package org.longscope.judge.generative;

import java.util.List;
import java.util.Map;
import org.longscope.api.judge.JudgeContext;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.model.ModelInfo;
import org.osgi.service.component.annotations.Component;

/**
 * LLM-as-judge with Long-RewardBench's prompts: the judging model reads the task's context and
 * question with every candidate, writes its analysis and a verdict ({@code [[A]]}, or a ranking like
 * {@code [[B>A>C]]}), which is parsed as upstream parses it; an output that does not parse is a
 * wrong verdict, never an error. The chat template, truncation of the long user message, decoding,
 * thinking removal and the KV method are the run's ({@link JudgeContext}).
 */
@Component(service = RewardJudge.class, property = {"longscope.kind=judge", "longscope.id=generative",
        "longscope.description=LLM-as-judge with the Long-RewardBench prompts (pairwise [[A]]/[[B]], best-of-N [[A>B>C]])"})
public final class GenerativeJudge implements RewardJudge {
    public static final String ID = "generative";
    static final List<ParamSpec> PARAMS = List.of(ParamSpec.integer("max_new_tokens", 2048, 1, 1 << 20,
            "tokens the judge may write (Long-RM: 2048)"));

    @Override
    public void check(ModelInfo model, Map<String, Object> params) {
        ParamSpec.resolve("judge." + ID, PARAMS, params);
    }

    @Override
    public Verdict judge(JudgeRequest request, JudgeContext context, Map<String, Object> params) {
        int maxNewTokens = ((Number) ParamSpec.resolve("judge." + ID, PARAMS, params).get("max_new_tokens")).intValue();
        String output = context.generate(LongRmPrompts.messages(request), 1, maxNewTokens);
        return VerdictParser.parse(request.mode(), output);
    }
}
