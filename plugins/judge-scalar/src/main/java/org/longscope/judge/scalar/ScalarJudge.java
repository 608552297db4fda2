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
 * A discriminative reward model ({@code *ForSequenceClassification}, the first logit of its score
 * head): each candidate is scored as the task's prompt followed by the candidate as the assistant's
 * turn, chat template without the generation prompt, as Long-RM's scalar path does
 * ({@code preprocess.py}, {@code LongRewardBenchDisRMPreprocess}). Highest reward first; equal
 * rewards keep presentation order, as upstream's stable sort ({@code prompt.py},
 * {@code extract_judgement} with {@code is_disrm}).
 */
@Component(service = RewardJudge.class, property = {"longscope.kind=judge", "longscope.id=scalar",
        "longscope.description=reward model score head: highest reward first"})
public final class ScalarJudge implements RewardJudge {
    public static final String ID = "scalar";

    @Override
    public void check(ModelInfo model, Map<String, Object> params) {
        ParamSpec.resolve("judge." + ID, List.of(), params);
        if (!model.hasRewardHead()) {
            throw new InvalidInputException("judge.model", "the scalar judge needs a reward model with a score head "
                    + "(a *ForSequenceClassification checkpoint with score.weight); " + model.name() + " has none");
        }
    }

    @Override
    public Verdict judge(JudgeRequest request, JudgeContext context, Map<String, Object> params) {
        List<Double> rewards = new ArrayList<>();
        for (String candidate : request.candidates()) {
            List<ChatMessage> conversation = new ArrayList<>(request.prompt());
            conversation.add(ChatMessage.assistant(candidate));
            rewards.add(context.reward(conversation, request.contextMessage()));
        }
        return Verdict.scored(rewards);
    }
}
