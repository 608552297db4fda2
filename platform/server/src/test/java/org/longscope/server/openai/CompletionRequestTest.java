package org.longscope.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;

/** Bad /v1 requests and server configs are refused naming the field and what was expected. */
class CompletionRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InvalidInputException refused(String body, boolean chat) {
        return assertThrows(InvalidInputException.class, () -> CompletionRequest.parse(JSON.readTree(body), chat));
    }

    @Test
    void eachBadFieldIsNamed() {
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        assertEquals("model", refused("{" + messages + "}", true).location());
        assertEquals("messages", refused("{\"model\": \"m\"}", true).location());
        assertEquals("messages[0].role", refused("{\"model\": \"m\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}", true).location());
        assertEquals("messages[0].content", refused("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"image_url\"}]}]}", true).location());
        assertEquals("n", refused("{\"model\": \"m\", " + messages + ", \"n\": 2}", true).location());
        assertEquals("temperature", refused("{\"model\": \"m\", " + messages + ", \"temperature\": 3}", true).location());
        assertEquals("max_tokens", refused("{\"model\": \"m\", " + messages + ", \"max_tokens\": 0}", true).location());
        assertEquals("stop", refused("{\"model\": \"m\", " + messages + ", \"stop\": 5}", true).location());
        assertEquals("logprobs", refused("{\"model\": \"m\", " + messages + ", \"logprobs\": true}", true).location());
        assertEquals("prompt", refused("{\"model\": \"m\", \"prompt\": [\"a\", \"b\"]}", false).location());
        assertEquals("echo", refused("{\"model\": \"m\", \"prompt\": \"a\", \"echo\": true, \"max_tokens\": 5}", false).location());
        assertEquals("stream", refused("{\"model\": \"m\", \"prompt\": \"a\", \"echo\": true, \"logprobs\": 0, \"max_tokens\": 0, "
                + "\"stream\": true}", false).location());
        assertTrue(refused("{\"model\": \"m\", " + messages + ", \"temperature\": 3}", true).getMessage().contains("0.0 to 2.0"));
    }

    @Test
    void aGoodRequestKeepsItsFields() throws IOException {
        CompletionRequest r = CompletionRequest.parse(JSON.readTree("{\"model\": \"m\", \"prompt\": [\"p\"], \"max_tokens\": 7, "
                + "\"temperature\": 0, \"stop\": \"\\n\", \"stream\": true, \"longscope\": {\"kv\": \"snapkv:budget=64\"}}"), false);
        assertEquals("p", r.prompt());
        assertEquals(7, r.maxTokens());
        assertTrue(r.decoding().greedy());
        assertEquals(java.util.List.of("\n"), r.stop());
        assertEquals("snapkv:budget=64", r.kv().label());
    }

    @Test
    void aBadServerConfigNamesTheFileAndField(@TempDir Path dir) throws IOException {
        String[][] cases = {
                {"queue: -1\nmodels: [{id: a}]\n", "queue"},
                {"models: []\n", "models"},
                {"models: [{id: a}, {id: a}]\n", "models[1].id"},
                {"models: [{id: \"a b\"}]\n", "models[0].id"},
                {"models: [{id: a, model: {backend: native}}]\n", "models[0].model.ref"},
                {"models: [{id: a, kv: \"snapkv:budget\"}]\n", "models[0].kv"},
                {"models: [{id: a, modle: x}]\n", "models[0].modle"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("serve.yaml"), c[0]);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ServerConfig.read(file), c[0]);
            assertTrue(e.getMessage().contains(file + ": " + c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
