package org.longscope.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelRef;
import org.longscope.hub.DatasetConfig;
import org.longscope.hub.HubDatasetManager;

/**
 * A tokenizer the spec names instead of the server's /tokenize: the real Qwen3 tokenizer.json
 * (../shared/data/tokenizers), from a local folder and from a loopback hub in the hub's model
 * layout through the dataset manager.
 */
class NamedTokenizerTest {
    @TempDir
    Path dir;

    private static Path qwen3() {
        Path folder = Path.of(System.getProperty("longscope.shared.tokenizers", "../../../shared/data/tokenizers"), "qwen3");
        assumeTrue(Files.isRegularFile(folder.resolve("tokenizer.json")), "shared data not found: " + folder);
        return folder;
    }

    @Test
    void aLocalTokenizerCountsWithoutAskingTheServer() throws IOException {
        Path folder = qwen3();
        try (FaultyServer server = new FaultyServer(null);
                LanguageModel model = new OpenAiBackend().open(new ModelRef(server.baseUrl()),
                        Map.of("tokenizer", folder.toString(), "context_length", 32768))) {
            int[] ids = model.tokenizer().encode("Hello, world! The pass key is 42665.", false);
            assertTrue(ids.length > 5 && ids.length < 20, "a BPE, not characters: " + ids.length);
            assertEquals("Hello, world! The pass key is 42665.", model.tokenizer().decode(ids));
            assertEquals(32768, model.info().contextLength());
            assertEquals(0, server.tokenizeCalls.get(), "the server's /tokenize is never asked");
        }
    }

    @Test
    void aHubTokenizerComesThroughTheDatasetManagerIntoTheModelsCache() throws IOException {
        byte[] json = Files.readAllBytes(qwen3().resolve("tokenizer.json"));
        com.sun.net.httpserver.HttpServer hub = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/Qwen/Qwen3-8B/resolve/main/tokenizer.json", exchange -> {
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        hub.start();
        Path cache = dir.resolve("cache");
        try (FaultyServer server = new FaultyServer(null);
                HubDatasetManager datasets = new HubDatasetManager(DatasetConfig.defaults().withCacheDirectory(cache)
                        .withEndpoint(URI.create("http://127.0.0.1:" + hub.getAddress().getPort())))) {
            try (LanguageModel model = new OpenAiBackend(datasets).open(new ModelRef(server.baseUrl()),
                    Map.of("tokenizer", "hub:Qwen/Qwen3-8B"))) {
                assertArrayEquals(model.tokenizer().encode("long context", false),
                        NamedTokenizer.open(qwen3()).encode("long context", false));
            }
            assertTrue(Files.isRegularFile(cache.resolve("models/Qwen/Qwen3-8B/main/tokenizer.json")));

            HubDatasetManager offline = new HubDatasetManager(DatasetConfig.defaults().withCacheDirectory(dir.resolve("empty"))
                    .withOffline(true));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new OpenAiBackend(offline)
                    .open(new ModelRef(server.baseUrl()), Map.of("tokenizer", "hub:Qwen/Qwen3-8B")));
            assertTrue(e.getMessage().contains("offline mode is on") && e.getMessage().contains("models/Qwen/Qwen3-8B/main/tokenizer.json"),
                    e.getMessage());
            offline.close();
        } finally {
            hub.stop(0);
        }
    }

    @Test
    void aMissingTokenizerIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NamedTokenizer.open(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("model.options.tokenizer") && e.getMessage().contains("nowhere"), e.getMessage());
    }
}
