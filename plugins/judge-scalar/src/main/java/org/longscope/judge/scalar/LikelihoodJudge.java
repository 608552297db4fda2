package org.longscope.judge.scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.judge.JudgeContext;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.ModelInfo;
import org.osgi.service.component.annotations.Component;

/**
 * Any model with log-probabilities as a judge: a candidate's reward is its mean token
 * log-probability as the answer to the task's prompt (chat template with the generation prompt, the
 * run's KV method on the prompt). With {@code normalize=true} the same response's mean
 * log-probability without the context message is subtracted: how much the context, not fluency,
 * makes the response likely (a grounding score).
 */
@Component(service = RewardJudge.class, property = {"longscope.kind=judge", "longscope.id=likelihood",
        "longscope.description=mean log-probability of each response given the context (normalize: minus without it)"})
public final class LikelihoodJudge implements RewardJudge {
    public static final String ID = "likelihood";
    static final List<ParamSpec> PARAMS = List.of(ParamSpec.bool("normalize", false,
            "subtract the response's mean log-probability without the context message"));

    @Override
    public void check(ModelInfo model, Map<String, Object> params) {
        ParamSpec.resolve("judge." + ID, PARAMS, params);
        if (!model.providesLogProbs()) {
            throw new InvalidInputException("judge.model", "the likelihood judge needs a model that gives "
                    + "log-probabilities; " + model.name() + " (" + model.architecture() + ") gives none");
        }
    }

    @Override
    public Verdict judge(JudgeRequest request, JudgeContext context, Map<String, Object> params) {
        boolean normalize = (Boolean) ParamSpec.resolve("judge." + ID, PARAMS, params).get("normalize");
        List<ChatMessage> withoutContext = new ArrayList<>(request.prompt());
        withoutContext.remove(request.contextMessage());
        if (withoutContext.isEmpty()) {
            withoutContext.add(ChatMessage.user(""));
        }
        List<Double> rewards = new ArrayList<>();
        for (String candidate : request.candidates()) {
            double reward = mean(context.continuationLogProbs(request.prompt(), request.contextMessage(), candidate));
            if (normalize) {
                reward -= mean(context.continuationLogProbs(withoutContext, 0, candidate));
            }
            rewards.add(reward);
        }
        return Verdict.scored(rewards);
    }

    /** Mean of the log-probabilities; an empty response is as unlikely as can be. */
    static double mean(float[] logProbs) {
        if (logProbs.length == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (float lp : logProbs) {
            sum += lp;
        }
        return sum / logProbs.length;
    }
}
