package org.longscope.bench.synthetic.ruler;

import java.util.Map;
import org.longscope.bench.synthetic.Draft;

/**
 * One sample's prompt at any haystack amount. The needles, keys and answers are drawn once when
 * the generator is made; {@link #build} is deterministic for a given amount, so the size search
 * can try amounts in any order.
 */
interface PromptGenerator {
    String answerPrefix();

    int minAmount();

    /** Largest amount the data allows (e.g. all documents), or {@link Integer#MAX_VALUE}. */
    int maxAmount();

    Draft build(int amount);

    /** Fills {name} placeholders. */
    static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    /** The part of a template before {context}. */
    static String head(String template) {
        return template.substring(0, template.indexOf("{context}"));
    }

    /** The part of a template after {context}. */
    static String tail(String template) {
        return template.substring(template.indexOf("{context}") + "{context}".length());
    }
}
