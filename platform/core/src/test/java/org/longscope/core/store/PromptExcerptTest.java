package org.longscope.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.model.ChatMessage;
import org.longscope.core.json.Json;

class PromptExcerptTest {
    private static SampleRecord record() {
        return new SampleRecord("k", "passkey", "passkey", "s", 512, "full", SampleRecord.Status.DONE, 10, 0, 1, "eos",
                "42", "", Map.of("accuracy", 100.0), "", "", 1, 1, 1, 100, 0, Map.of(), Map.of("input", "x"), Map.of());
    }

    @Test
    void aLongPromptKeepsItsHeadAndTail() {
        String text = "h".repeat(PromptExcerpt.HEAD_CHARS) + "m".repeat(5000) + "t".repeat(PromptExcerpt.TAIL_CHARS);
        PromptExcerpt excerpt = PromptExcerpt.of(text);
        assertEquals("h".repeat(PromptExcerpt.HEAD_CHARS), excerpt.head());
        assertEquals("t".repeat(PromptExcerpt.TAIL_CHARS), excerpt.tail());
        assertEquals(text.length(), excerpt.chars());
        assertEquals(new PromptExcerpt("short", "", 5), PromptExcerpt.of("short"));
        assertEquals("[system]\nBe brief.\n\n[user]\nHi", PromptExcerpt.of(List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"))).head());
    }

    @Test
    void theExcerptIsStoredWithTheRecordAndOldRecordsStillLoad() throws Exception {
        SampleRecord with = record().withPrompt(PromptExcerpt.of("<|user|>What is the pass key?"));
        SampleRecord read = SampleRecord.fromJson(Json.MAPPER.readTree(with.toJson().toString()));
        assertEquals(with.prompt(), read.prompt());
        assertEquals(with.toJson(), read.toJson());

        var old = record().toJson();
        assertEquals(false, old.has("prompt"));
        assertNull(SampleRecord.fromJson(old).prompt());
    }
}
