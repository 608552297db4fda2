package org.longscope.core.settings;

import java.util.Arrays;
import org.longscope.api.model.Tokenizer;
import org.longscope.api.spec.Truncation;

/** Cuts a text to a token budget in the model's own tokens. */
public final class Truncator {
    private Truncator() {
    }

    /**
     * The text cut to at most {@code budget} tokens.
     *
     * <ul>
     *   <li>{@code MIDDLE}: the first {@code budget/2} and the last {@code budget - budget/2} tokens
     *       (LongBench: {@code tokens[:half] + tokens[-half:]}), decoded separately and joined;</li>
     *   <li>{@code LEFT}: the last {@code budget} tokens;</li>
     *   <li>{@code RIGHT}: the first {@code budget} tokens.</li>
     * </ul>
     */
    public static String truncate(Tokenizer tokenizer, int[] ids, int budget, Truncation strategy) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budget);
        }
        if (ids.length <= budget) {
            return tokenizer.decode(ids);
        }
        return switch (strategy) {
            case MIDDLE -> {
                int head = budget / 2;
                int tail = budget - head;
                yield tokenizer.decode(Arrays.copyOfRange(ids, 0, head))
                        + tokenizer.decode(Arrays.copyOfRange(ids, ids.length - tail, ids.length));
            }
            case LEFT -> tokenizer.decode(Arrays.copyOfRange(ids, ids.length - budget, ids.length));
            case RIGHT -> tokenizer.decode(Arrays.copyOfRange(ids, 0, budget));
            case SKIP -> throw new IllegalArgumentException("skip does not truncate");
        };
    }
}
