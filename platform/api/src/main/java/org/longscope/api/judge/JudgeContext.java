package org.longscope.api.judge;

import java.util.List;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;

/**
 * The judging model as the run engine hands it to a {@link RewardJudge}, for one judgement: every
 * call applies the run's standardized settings (the judge model's chat template, middle truncation
 * of the named message to the model's window, decoding, {@code <think>} stripping) and the run's KV
 * method, and is recorded in the sample (tokens, timings, KV statistics). A judge holds only its
 * prompts, its parser and its scoring rule.
 *
 * <p>Errors: a model that cannot do what a call needs throws {@link UnsupportedOperationException}
 * (the run engine checks {@link RewardJudge#check} before any work starts).
 */
@org.osgi.annotation.versioning.ProviderType
public interface JudgeContext {

    ModelInfo model();

    Tokenizer tokenizer();

    /**
     * Generates a response to {@code messages} (chat template with the generation prompt).
     *
     * @param truncateMessage index of the message cut in the middle when the prompt is too long
     * @return the generated text, {@code <think>} blocks removed when the settings say so
     */
    String generate(List<ChatMessage> messages, int truncateMessage, int maxNewTokens);

    /**
     * The model's reward for a conversation that ends with the assistant's response (chat template
     * without the generation prompt), from its score head.
     */
    double reward(List<ChatMessage> conversation, int truncateMessage);

    /**
     * Natural-log probabilities of each token of {@code continuation} right after {@code prompt}
     * (chat template with the generation prompt), with the run's KV method applied to the prompt.
     */
    float[] continuationLogProbs(List<ChatMessage> prompt, int truncateMessage, String continuation);
}
