package org.longscope.core.exec;

import java.util.ArrayList;
import java.util.List;
import org.longscope.api.judge.JudgeContext;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.core.settings.PreparedPrompt;
import org.longscope.core.settings.PromptPreparer;
import org.longscope.core.settings.ThinkingStripper;

/**
 * One judgement's access to the judging model: each call goes through the judge model's
 * {@link PromptPreparer} (template, truncation), carries the run's KV method and decoding, and is
 * recorded as a {@link ModelCall} for the sample record. Not thread-safe: one per work item.
 */
final class JudgeSession implements JudgeContext {

    private final LanguageModel model;
    private final PromptPreparer preparer;
    private final EvaluationSettings settings;
    private final KvMethodSpec kvMethod;
    private final String task;
    private final List<ModelCall> calls = new ArrayList<>();

    JudgeSession(LanguageModel model, PromptPreparer preparer, EvaluationSettings settings, KvMethodSpec kvMethod,
            String task) {
        this.model = model;
        this.preparer = preparer;
        this.settings = settings;
        this.kvMethod = kvMethod;
        this.task = task;
    }

    List<ModelCall> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ModelInfo model() {
        return model.info();
    }

    @Override
    public Tokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public String generate(List<ChatMessage> messages, int truncateMessage, int maxNewTokens) {
        PreparedPrompt prompt = prepared(preparer.prepareJudgement(task, messages, truncateMessage, maxNewTokens, true));
        Completion c = model.generate(new GenerationRequest(prompt.text(), prompt.messages(), "", maxNewTokens, List.of(),
                settings.decoding(), kvMethod));
        ModelCall call = ModelCall.generation(prompt, c);
        calls.add(call);
        return settings.stripThinking() ? ThinkingStripper.strip(call.raw()) : call.raw();
    }

    @Override
    public double reward(List<ChatMessage> conversation, int truncateMessage) {
        PreparedPrompt prompt = prepared(preparer.prepareJudgement(task, conversation, truncateMessage, 0, false));
        long start = System.nanoTime();
        double reward = model.reward(prompt.text());
        calls.add(new ModelCall("reward", prompt.promptTokens(), prompt.truncatedTokens(), 0, "", "",
                System.nanoTime() - start, 0, 0, null));
        return reward;
    }

    @Override
    public float[] continuationLogProbs(List<ChatMessage> prompt, int truncateMessage, String continuation) {
        int continuationTokens = model.tokenizer().count(continuation);
        PreparedPrompt prepared = prepared(preparer.prepareJudgement(task, prompt, truncateMessage, continuationTokens, true));
        long start = System.nanoTime();
        float[] logProbs = model.continuationLogProbs(prepared.text(), continuation, kvMethod);
        calls.add(new ModelCall("logprobs", prepared.promptTokens(), prepared.truncatedTokens(), logProbs.length, "", "",
                System.nanoTime() - start, 0, 0, null));
        return logProbs;
    }

    /** A judge prompt must be sent whole: skip-truncation cannot apply, and a remote chat API gets text here too. */
    private static PreparedPrompt prepared(PreparedPrompt prompt) {
        if (prompt.skipped()) {
            throw new org.longscope.api.InvalidInputException("settings.truncation", "the judge prompt of "
                    + prompt.promptTokens() + " tokens exceeds the judge model's budget (truncation: skip)");
        }
        return prompt;
    }
}
