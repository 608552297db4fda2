package org.longscope.bench.synthetic;

import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.Tokenizer;

/** The length a rendered prompt takes: messages, answer prefix, template overhead and generation. */
final class PromptLength {
    private PromptLength() {
    }

    static int total(Tokenizer tokenizer, RenderedPrompt prompt, int overhead) {
        int n = overhead + prompt.maxNewTokens() + tokenizer.count(prompt.answerPrefix());
        for (ChatMessage m : prompt.messages()) {
            n += tokenizer.count(m.content());
        }
        return n;
    }
}
