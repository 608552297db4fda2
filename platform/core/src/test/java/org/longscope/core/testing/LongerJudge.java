package org.longscope.core.testing;

import java.util.List;
import java.util.Map;
import org.longscope.api.judge.JudgeContext;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.ChatMessage;

/**
 * A test judge: it asks the judging model once (so the call is recorded) and then prefers the
 * longer candidate; its raw output names the judging model's context length.
 */
public final class LongerJudge implements RewardJudge {
    @Override
    public Verdict judge(JudgeRequest request, JudgeContext context, Map<String, Object> params) {
        context.generate(List.of(ChatMessage.user("judge: " + request.prompt().get(request.contextMessage()).content())), 0, 2);
        List<String> c = request.candidates();
        int best = c.get(0).length() >= c.get(1).length() ? 0 : 1;
        return Verdict.ranked(List.of(best, 1 - best), "judged by a model of " + context.model().contextLength());
    }
}
