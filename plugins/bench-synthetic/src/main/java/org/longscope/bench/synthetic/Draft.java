package org.longscope.bench.synthetic;

import java.util.List;

/**
 * One candidate prompt at a given haystack amount: the pieces whose concatenation is the content
 * the model reads, plus whatever the task needs to remember about it.
 *
 * @param pieces  the content in pieces (see {@link TokenCounter})
 * @param amount  the haystack amount it was built with (sentences, words, documents, ...)
 * @param answers reference answers
 * @param extra   task-specific values to store with the sample (JSON-friendly)
 */
public record Draft(List<String> pieces, int amount, List<String> answers, java.util.Map<String, Object> extra) {
    public Draft {
        pieces = List.copyOf(pieces);
        answers = List.copyOf(answers);
        extra = extra == null ? java.util.Map.of() : java.util.Map.copyOf(extra);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String p : pieces) {
            sb.append(p);
        }
        return sb.toString();
    }
}
