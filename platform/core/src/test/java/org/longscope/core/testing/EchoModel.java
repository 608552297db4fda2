package org.longscope.core.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Timings;
import org.longscope.api.model.Tokenizer;

/**
 * A deterministic test model. It answers with the last pass key written in the prompt ("The pass
 * key is 12345."), wrapped in a think block when the prompt asks for it; it throws for a prompt
 * containing {@code FAIL}. Its figures are functions of the prompt: KV bytes resident are
 * {@code 1000 x} the tokens kept (all prompt tokens, or at most the method's {@code budget}),
 * offloaded bytes are the evicted tokens x 10, prefill takes 1 µs per token and decode 1 ms per step.
 */
public final class EchoModel implements LanguageModel {
    public static final String TEMPLATE = "{% for m in messages %}<|{{ m.role }}|> {{ m.content }}\n{% endfor %}"
            + "{% if add_generation_prompt %}<|assistant|> {% endif %}";
    private static final Pattern KEY = Pattern.compile("pass key is (\\d+)");

    private final Tokenizer tokenizer;
    private final int contextLength;
    private final long delayMillis;
    private final AtomicInteger generated = new AtomicInteger();
    private final AtomicInteger closed;
    private final Map<String, Object> options;

    public EchoModel(Tokenizer tokenizer, int contextLength, long delayMillis, AtomicInteger closed,
            Map<String, Object> options) {
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.delayMillis = delayMillis;
        this.closed = closed;
        this.options = options;
    }

    @Override
    public ModelInfo info() {
        boolean templated = !Boolean.FALSE.equals(options.get("template"));
        return new ModelInfo("echo", "test", contextLength, templated ? TEMPLATE : null, null, null, true, false, Map.of());
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int generated() {
        return generated.get();
    }

    @Override
    public Completion generate(GenerationRequest request) {
        String prompt = request.prompt() != null ? request.prompt()
                : String.join("\n", request.messages().stream().map(m -> m.content()).toList());
        if (prompt.contains("FLAKY") && options.get("down_file") != null
                && java.nio.file.Files.exists(java.nio.file.Path.of(options.get("down_file").toString()))) {
            throw new java.io.UncheckedIOException(new java.io.IOException("the test server is down"));
        }
        if (prompt.contains("FAIL")) {
            throw new InvalidInputException("prompt", "test model refuses prompts containing FAIL");
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        generated.incrementAndGet();
        Matcher m = KEY.matcher(prompt);
        String key = "none";
        while (m.find()) {
            key = m.group(1);
        }
        String text = prompt.contains("THINK") ? "<think>\nthe key is 00000\n</think>\n\n" + key : " " + key + ".";
        int promptTokens = tokenizer.count(prompt);
        int completionTokens = tokenizer.count(text);
        long kept = promptTokens;
        if (request.kvMethod() != null && request.kvMethod().params().get("budget") != null) {
            kept = Math.min(promptTokens, Long.parseLong(request.kvMethod().params().get("budget").toString()));
        }
        KvStats stats = new KvStats(request.kvMethod() == null ? "full" : request.kvMethod().id(), promptTokens,
                new int[][] {{(int) kept}}, kept * 1000, (promptTokens - kept) * 10, Map.of("calls", 1L));
        return new Completion(text, promptTokens, completionTokens, Completion.FinishReason.EOS,
                new Timings(promptTokens * 1_000L, completionTokens * 1_000_000L, completionTokens), stats);
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
