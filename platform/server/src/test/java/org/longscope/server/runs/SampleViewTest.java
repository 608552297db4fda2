package org.longscope.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStoredExcerptIsShownWithTheGapAndTheTruncationCounted() throws Exception {
        JsonNode record = JSON.readTree(JSON.writeValueAsString(Map.of("prompt_tokens", 900, "truncated_tokens", 300,
                "prompt", Map.of("head", "<|user|>The pass key is 1", "tail", "What is it?<|assistant|>", "chars", 5000),
                "data", Map.of("input", "stored"))));
        Map<String, Object> prompt = SampleView.prompt(record, "middle");
        assertEquals("<|user|>The pass key is 1", prompt.get("head"));
        assertEquals("What is it?<|assistant|>", prompt.get("tail"));
        assertEquals(5000 - 25 - 24, prompt.get("omitted_chars"));
        assertEquals(300, prompt.get("truncated_tokens"));
        assertEquals("middle", prompt.get("truncation"));
        assertEquals(false, prompt.get("stored_fields"));
    }

    @Test
    void aRecordWithoutAnExcerptShowsItsStoredTextFields() throws Exception {
        JsonNode record = JSON.readTree("{\"data\": {\"context\": \"Long text...[9000 chars]\", \"input\": \"question?\"}}");
        assertEquals("Long text...[9000 chars]\n\nquestion?", SampleView.prompt(record, "middle").get("head"));
        JsonNode reward = JSON.readTree("{\"data\": {\"prompt\": [{\"role\": \"user\", \"content\": \"Judge this\"}]}}");
        assertEquals("[user]\nJudge this", SampleView.prompt(reward, "middle").get("head"));
    }

    @Test
    void expectedAnswersComeFromTheFirstKnownField() throws Exception {
        assertEquals(List.of("x", "y"), SampleView.expected(JSON.readTree("{\"outputs\": [\"x\", \"y\"], \"answer\": \"z\"}")));
        assertEquals(List.of("C"), SampleView.expected(JSON.readTree("{\"answer\": \"C\"}")));
        assertEquals(List.of(), SampleView.expected(JSON.readTree("{\"label\": 1}")));
    }
}
