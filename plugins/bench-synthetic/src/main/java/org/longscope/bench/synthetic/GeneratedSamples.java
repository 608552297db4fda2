package org.longscope.bench.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.model.ChatMessage;

/**
 * How generated samples are stored and rendered, shared by the synthetic adapters.
 * A sample's data holds the finished prompt ({@code input}, optional {@code system}), the
 * {@code answer_prefix}, {@code max_new_tokens}, the reference {@code outputs} and the exact
 * {@code content_tokens}, plus task fields (e.g. {@code depth}).
 */
public final class GeneratedSamples {
    public static final String INPUT = "input";
    public static final String SYSTEM = "system";
    public static final String ANSWER_PREFIX = "answer_prefix";
    public static final String MAX_NEW_TOKENS = "max_new_tokens";
    public static final String OUTPUTS = "outputs";
    public static final String CONTENT_TOKENS = "content_tokens";

    private GeneratedSamples() {
    }

    /** Builds a sample record. */
    public static Sample sample(String id, String task, int targetLength, String system, String input,
            String answerPrefix, int maxNewTokens, List<String> outputs, int contentTokens, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(INPUT, input);
        if (system != null) {
            data.put(SYSTEM, system);
        }
        data.put(ANSWER_PREFIX, answerPrefix);
        data.put(MAX_NEW_TOKENS, maxNewTokens);
        data.put(OUTPUTS, List.copyOf(outputs));
        data.put(CONTENT_TOKENS, contentTokens);
        if (extra != null) {
            data.putAll(extra);
        }
        return new Sample(id, task, targetLength, data);
    }

    /** The prompt of a generated sample: optional system message, then the user message. */
    public static RenderedPrompt render(Sample sample) {
        String input = sample.string(INPUT);
        if (input == null) {
            throw new InvalidInputException("sample " + sample.id(), "has no '" + INPUT + "' field; not a generated sample");
        }
        String system = sample.string(SYSTEM);
        int maxNew = ((Number) sample.data().getOrDefault(MAX_NEW_TOKENS, 128)).intValue();
        String prefix = sample.string(ANSWER_PREFIX);
        if (system == null) {
            return RenderedPrompt.user(input, prefix, maxNew);
        }
        return new RenderedPrompt(List.of(ChatMessage.system(system), ChatMessage.user(input)), 1, prefix, maxNew,
                List.of());
    }

    /** The reference answers of a sample. */
    public static List<String> outputs(Sample sample) {
        Object o = sample.data().get(OUTPUTS);
        if (!(o instanceof List<?> list)) {
            throw new InvalidInputException("sample " + sample.id(), "has no '" + OUTPUTS + "' list");
        }
        List<String> out = new ArrayList<>();
        list.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    /** The requested target lengths, validated. */
    public static List<Integer> lengths(String benchmark, BenchmarkSelection selection) {
        if (selection.lengths().isEmpty()) {
            throw new InvalidInputException(benchmark + "." + selection.task() + ".lengths",
                    "expected at least one target length in tokens for a generated task");
        }
        for (int i = 0; i < selection.lengths().size(); i++) {
            Integer l = selection.lengths().get(i);
            if (l == null || l <= 0) {
                throw new InvalidInputException(benchmark + "." + selection.task() + ".lengths[" + i + "]",
                        "expected a positive number of tokens, got " + l);
            }
        }
        return selection.lengths();
    }

    /** Samples per length: the selection's count, or {@code fallback} when it says 0 (all). */
    public static int count(BenchmarkSelection selection, int fallback) {
        if (selection.samples() < 0) {
            throw new InvalidInputException(selection.task() + ".samples", "expected a number >= 0, got " + selection.samples());
        }
        return selection.samples() == 0 ? fallback : selection.samples();
    }

    /**
     * Tokens the content may take so that template overhead, system message, answer prefix,
     * content and the generated tokens together fit {@code target}.
     */
    public static int contentBudget(SampleContext context, TokenCounter counter, int target, int maxNewTokens,
            String answerPrefix, String system, String where) {
        int fixed = Math.max(0, context.promptOverhead()) + maxNewTokens + counter.piece(answerPrefix)
                + (system == null ? 0 : counter.piece(system));
        int budget = target - fixed;
        if (budget <= 0) {
            throw new InvalidInputException(where, "target length " + target + " is smaller than the prompt overhead, "
                    + "answer prefix and " + maxNewTokens + " tokens to generate (" + fixed + " tokens)");
        }
        return budget;
    }
}
