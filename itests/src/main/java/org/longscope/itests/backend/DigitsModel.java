package org.longscope.itests.backend;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Timings;
import org.longscope.api.model.Tokenizer;

/**
 * A deterministic "model" for integration tests: it answers with the first run of digits in the
 * prompt (the pass key of a passkey sample), optionally after a delay so progress can be watched.
 */
final class DigitsModel implements LanguageModel {
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final String name;
    private final long delayMillis;
    private final Tokenizer tokenizer = new ByteTokenizer();

    DigitsModel(String name, long delayMillis) {
        this.name = name;
        this.delayMillis = delayMillis;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(name, "test-digits", 1 << 20, null, null, null, false, false,
                Map.of("purpose", "integration tests only"));
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Completion generate(GenerationRequest request) {
        long start = System.nanoTime();
        String prompt = request.prompt() != null ? request.prompt()
                : String.join("\n", request.messages().stream().map(m -> m.content()).toList());
        Matcher m = DIGITS.matcher(prompt);
        String answer = m.find() ? " " + m.group() + "." : " I found no number.";
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("generation interrupted", e);
            }
        }
        int promptTokens = tokenizer.count(prompt);
        int completionTokens = tokenizer.count(answer);
        return new Completion(answer, promptTokens, completionTokens, Completion.FinishReason.EOS,
                new Timings(System.nanoTime() - start, 0, 0), null);
    }

    @Override
    public void close() {
    }
}
