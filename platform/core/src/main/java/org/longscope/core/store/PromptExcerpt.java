package org.longscope.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import org.longscope.api.model.ChatMessage;
import org.longscope.core.json.Json;

/**
 * The start and the end of the prompt a model read, after the chat template and truncation, kept
 * with a sample so that it can be looked at; the middle (a haystack) stays with the benchmark.
 *
 * @param head  its first {@link #HEAD_CHARS} characters (all of it when it is short)
 * @param tail  its last {@link #TAIL_CHARS} characters, or empty when the head holds all of it
 * @param chars its length in characters
 */
public record PromptExcerpt(String head, String tail, int chars) {
    public static final int HEAD_CHARS = 800;
    public static final int TAIL_CHARS = 800;

    /** The excerpt of a prompt's text. */
    public static PromptExcerpt of(String text) {
        if (text.length() <= HEAD_CHARS + TAIL_CHARS) {
            return new PromptExcerpt(text, "", text.length());
        }
        return new PromptExcerpt(text.substring(0, HEAD_CHARS), text.substring(text.length() - TAIL_CHARS), text.length());
    }

    /** The excerpt of a prompt sent as messages (to a server that applies its own template): each with its role. */
    public static PromptExcerpt of(List<ChatMessage> messages) {
        return of(messages.stream().map(m -> "[" + m.role() + "]\n" + m.content()).collect(Collectors.joining("\n\n")));
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("head", head);
        o.put("tail", tail);
        o.put("chars", chars);
        return o;
    }

    /** The excerpt stored in a record, or {@code null} for records written before excerpts were kept. */
    static PromptExcerpt fromJson(JsonNode o) {
        return o == null || !o.isObject() ? null
                : new PromptExcerpt(o.path("head").asText(), o.path("tail").asText(), o.path("chars").asInt());
    }
}
