package org.longscope.core.testing;

import java.util.List;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.LanguageModel;

/** A test judge that prefers the longer candidate; its raw output names the judging model's context length. */
public final class LongerJudge implements RewardJudge {
    @Override
    public Verdict judge(JudgeRequest request, LanguageModel model) {
        List<String> c = request.candidates();
        int best = c.get(0).length() >= c.get(1).length() ? 0 : 1;
        return new Verdict(List.of(best, 1 - best), "judged by a model of " + model.info().contextLength(), true);
    }
}
