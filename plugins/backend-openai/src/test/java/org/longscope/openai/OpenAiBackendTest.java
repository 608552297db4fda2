package org.longscope.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelRef;
import org.longscope.openai.FaultyServer.Fault;

/** The backend against a loopback server that fails on purpose: every fault is retried or named, and the key stays secret. */
class OpenAiBackendTest {
    private static final String KEY = "sk-test-0123456789";
    @TempDir
    Path dir;

    private LanguageModel open(String ref, Map<String, Object> options) throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key"), KEY + "\n");
        Map<String, Object> all = new java.util.HashMap<>(options);
        all.put("api_key_file", keyFile.toString());
        return new OpenAiBackend().open(new ModelRef(ref), all);
    }

    @Test
    void everyTransientFaultIsRetriedAndTheItemSucceeds() throws IOException {
        try (FaultyServer server = new FaultyServer(KEY)) {
            server.script(Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.MALFORMED, Fault.CUT, Fault.STALL);
            try (LanguageModel model = open(server.baseUrl(), Map.of("timeout_s", 1, "attempts", 6))) {
                assertEquals("m", model.info().name());
                assertEquals(4096, model.info().contextLength(), "from /tokenize's max_model_len");
                Completion c = model.generate(GenerationRequest.ofPrompt("The pass key is", 8));
                assertEquals(" 42665.", c.text());
                assertEquals(7, c.promptTokens());
                assertEquals(3, c.completionTokens());
                assertEquals(Completion.FinishReason.EOS, c.finishReason());
            }
            assertEquals(6, server.completionBodies.size(), "five faults, then the answer");
            assertTrue(server.authorizations.stream().allMatch(("Bearer " + KEY)::equals));
            assertTrue(server.completionBodies.getFirst().contains("\"max_tokens\":8"), server.completionBodies.getFirst());
        }
    }

    @Test
    void aRequestThatKeepsFailingFailsNamingTheLastErrorWithoutTheKey() throws IOException {
        try (FaultyServer server = new FaultyServer(KEY)) {
            server.script(Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR);
            try (LanguageModel model = open(server.baseUrl(), Map.of("attempts", 3))) {
                OpenAiClient.Unavailable e = assertThrows(OpenAiClient.Unavailable.class,
                        () -> model.generate(GenerationRequest.ofPrompt("x", 4)));
                assertTrue(e.getMessage().contains("failed after 3 attempts") && e.getMessage().contains("500"), e.getMessage());
                assertFalse(e.getMessage().contains(KEY));
                assertEquals(" 42665.", model.generate(GenerationRequest.ofPrompt("x", 4)).text(), "the model stays usable");
            }
        }
    }

    @Test
    void aReplicaThatIsDownIsPassedOverAndTheRunGoesOnOnTheOther() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FaultyServer server = new FaultyServer(KEY)) {
            String down = "http://127.0.0.1:" + closedPort + "/v1";
            try (LanguageModel model = open(down + "," + server.baseUrl(), Map.of("attempts", 4))) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(" 42665.", model.generate(GenerationRequest.ofPrompt("x", 4)).text());
                }
            }
            assertEquals(4, server.completionBodies.size());
        }
    }

    @Test
    void aWrongKeyAnUnknownModelAndAnUnreachableServerAreNamedAtOpening() throws IOException {
        try (FaultyServer server = new FaultyServer("sk-the-right-one")) {
            InvalidInputException wrongKey = assertThrows(InvalidInputException.class, () -> open(server.baseUrl(), Map.of()));
            assertTrue(wrongKey.getMessage().contains("401") && wrongKey.getMessage().contains("was refused")
                    && wrongKey.getMessage().contains(dir.resolve("key").toString()), wrongKey.getMessage());
            assertFalse(wrongKey.getMessage().contains(KEY));
        }
        try (FaultyServer server = new FaultyServer(KEY)) {
            InvalidInputException unknown = assertThrows(InvalidInputException.class,
                    () -> open(server.baseUrl(), Map.of("model", "gpt-5")));
            assertTrue(unknown.getMessage().contains("gpt-5") && unknown.getMessage().contains("[m]"), unknown.getMessage());
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        InvalidInputException down = assertThrows(InvalidInputException.class,
                () -> open("http://127.0.0.1:" + closedPort + "/v1", Map.of("attempts", 1)));
        assertTrue(down.getMessage().contains("cannot reach the server"), down.getMessage());
    }

    /** Log-probabilities of a continuation: the joined text scored with echo, the last tokens kept. */
    @Test
    void continuationLogProbsComeFromTheServersScoringOfTheJoinedText() throws IOException {
        try (FaultyServer server = new FaultyServer(KEY)) {
            try (LanguageModel model = open(server.baseUrl(), Map.of("logprobs", true))) {
                assertTrue(model.info().providesLogProbs());
                // the fake /tokenize gives 3 tokens for anything: all three are the continuation's
                float[] lp = model.continuationLogProbs("prompt", " answer");
                assertEquals(3, lp.length);
                assertEquals(-2.5f, lp[2]);
                String body = server.completionBodies.getLast();
                assertTrue(body.contains("\"prompt\":\"prompt answer\"") && body.contains("\"echo\":true")
                        && body.contains("\"max_tokens\":0"), body);
            }
            try (LanguageModel plain = open(server.baseUrl(), Map.of())) {
                assertFalse(plain.info().providesLogProbs());
                assertThrows(UnsupportedOperationException.class, () -> plain.continuationLogProbs("p", "c"));
            }
        }
    }

    @Test
    void aKeyInTheSpecAndUnknownOptionsAreRefused() {
        OpenAiBackend backend = new OpenAiBackend();
        InvalidInputException inSpec = assertThrows(InvalidInputException.class,
                () -> backend.open(new ModelRef("http://127.0.0.1:1/v1"), Map.of("api_key", "sk-x")));
        assertTrue(inSpec.getMessage().contains("api_key_env") && !inSpec.getMessage().contains("sk-x"), inSpec.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> backend.open(new ModelRef("http://127.0.0.1:1/v1"), Map.of("replicas", 3)));
        assertTrue(unknown.getMessage().contains("model.options.replicas"), unknown.getMessage());
        assertThrows(InvalidInputException.class, () -> backend.open(new ModelRef("http://127.0.0.1:1/v1"),
                Map.of("api_key_env", "LONGSCOPE_SURELY_UNSET_VARIABLE")));
        assertTrue(backend.canOpen(new ModelRef("https://api.example.com/v1")));
        assertFalse(backend.canOpen(new ModelRef("models/x.gguf")));
    }

    @Test
    void theRequestCarriesTheSamplingStopStringsAndTheKvMethodOnlyWhereTheServerTakesIt() throws IOException {
        try (FaultyServer server = new FaultyServer(KEY)) {
            try (LanguageModel model = open(server.baseUrl(), Map.of("longscope_kv", true))) {
                model.generate(new GenerationRequest("p", null, "", 5, List.of("\n"),
                        new org.longscope.api.model.Decoding(0.7, 0, 0.9, 11), org.longscope.api.kv.KvMethodSpec.parse("snapkv:budget=64")));
                String body = server.completionBodies.getLast();
                assertTrue(body.contains("\"temperature\":0.7") && body.contains("\"top_p\":0.9") && body.contains("\"seed\":11")
                        && body.contains("\"stop\":[\"\\n\"]") && body.contains("\"longscope\":{\"kv\":\"snapkv:budget=64\"}"), body);
            }
            try (LanguageModel plain = open(server.baseUrl(), Map.of())) {
                assertFalse(plain.info().acceptsKvMethods());
                assertThrows(InvalidInputException.class, () -> plain.generate(GenerationRequest.ofPrompt("p", 2)
                        .withKvMethod(org.longscope.api.kv.KvMethodSpec.parse("snapkv:budget=64"))));
            }
        }
    }
}
