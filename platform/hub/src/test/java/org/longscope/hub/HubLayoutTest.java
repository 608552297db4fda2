package org.longscope.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DatasetException.Reason;

class HubLayoutTest {
    private final Path cache = Path.of("/tmp/longscope-cache");

    @Test
    void hubUrlAndCachePath() {
        HubLayout layout = new HubLayout(DatasetConfig.defaults().withCacheDirectory(cache));
        DataFile file = new DataFile("rajpurkar/squad_v2", "main", "squad_v2/dev v2.json", null, -1);
        assertEquals(URI.create("https://huggingface.co/datasets/rajpurkar/squad_v2/resolve/main/squad_v2/dev%20v2.json"),
                layout.url(file));
        assertEquals(cache.resolve("rajpurkar/squad_v2/main/squad_v2/dev v2.json"), layout.localPath(file));
        assertEquals(file.resolveIn(cache), layout.localPath(file), "where adapters look");
    }

    /** A model repository's file (a tokenizer a remote backend needs): the hub's model URL, its own cache folder. */
    @Test
    void modelRepositoryFilesHaveTheModelUrlAndTheirOwnCacheFolder() {
        HubLayout layout = new HubLayout(DatasetConfig.defaults().withCacheDirectory(cache));
        DataFile file = DataFile.ofModel("Qwen/Qwen3-8B", "main", "tokenizer.json");
        assertEquals(URI.create("https://huggingface.co/Qwen/Qwen3-8B/resolve/main/tokenizer.json"), layout.url(file));
        assertEquals(cache.resolve("models/Qwen/Qwen3-8B/main/tokenizer.json"), layout.localPath(file));
    }

    @Test
    void revisionWithSlashIsOneEncodedSegment() {
        HubLayout layout = new HubLayout(DatasetConfig.defaults().withCacheDirectory(cache)
                .withEndpoint(URI.create("https://hf-mirror.com/")));
        DataFile file = new DataFile("hotpotqa/hotpot_qa", "refs/convert/parquet", "distractor/validation/0.parquet",
                null, -1);
        assertEquals(URI.create("https://hf-mirror.com/datasets/hotpotqa/hotpot_qa/resolve/refs%2Fconvert%2Fparquet/"
                + "distractor/validation/0.parquet"), layout.url(file));
    }

    @Test
    void urlTemplateForMirrorsWithAnotherLayout() {
        HubLayout layout = new HubLayout(DatasetConfig.defaults().withCacheDirectory(cache)
                .withEndpoint(URI.create("https://www.modelscope.cn"))
                .withUrlTemplate("{endpoint}/api/v1/datasets/{repo}/repo?Revision={revision}&FilePath={path}"));
        DataFile file = new DataFile("AI-ModelScope/LongBench", "master", "data/qasper.jsonl", null, -1);
        assertEquals(URI.create("https://www.modelscope.cn/api/v1/datasets/AI-ModelScope/LongBench/repo?Revision=master"
                + "&FilePath=data/qasper.jsonl"), layout.url(file));
    }

    @Test
    void malformedDeclarationsNameTheField() {
        HubLayout layout = new HubLayout(DatasetConfig.defaults().withCacheDirectory(cache));
        DatasetException escape = assertThrows(DatasetException.class,
                () -> layout.localPath(new DataFile("a/b", "main", "../../etc/passwd", null, -1)));
        assertEquals(Reason.INVALID_DECLARATION, escape.reason());
        assertTrue(escape.getMessage().contains("path: expected no empty, . or .. segments"), escape.getMessage());

        DatasetException repo = assertThrows(DatasetException.class,
                () -> layout.url(new DataFile("a/b/c", "main", "x.json", null, -1)));
        assertTrue(repo.getMessage().contains("repository: expected owner/name"), repo.getMessage());

        DatasetException sha = assertThrows(DatasetException.class,
                () -> layout.url(new DataFile("a/b", "main", "x.json", "ABC", -1)));
        assertTrue(sha.getMessage().contains("sha256: expected 64 lower-case hex digits"), sha.getMessage());
    }

    @Test
    void configurationFromPropertiesAndEnvironment() {
        Map<String, String> env = Map.of("HF_ENDPOINT", "https://hf-mirror.com", "HF_TOKEN", "hf_abc",
                "HF_HUB_OFFLINE", "1", "LONGSCOPE_DATA_CACHE", "/data/cache");
        DatasetConfig fromEnv = DatasetConfig.from(name -> null, env);
        assertEquals(URI.create("https://hf-mirror.com"), fromEnv.endpoint());
        assertEquals("hf_abc", fromEnv.token());
        assertTrue(fromEnv.offline());
        assertEquals(Path.of("/data/cache"), fromEnv.cacheDirectory());
        assertTrue(!fromEnv.toString().contains("hf_abc"), "the token is never printed");

        Map<String, String> props = Map.of(DatasetConfig.PROP_ENDPOINT, "http://mirror.internal:8080",
                DatasetConfig.PROP_OFFLINE, "false");
        DatasetConfig fromProps = DatasetConfig.from(props::get, env);
        assertEquals(URI.create("http://mirror.internal:8080"), fromProps.endpoint());
        assertTrue(!fromProps.offline(), "a property wins over the environment");

        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> DatasetConfig.from(Map.of(DatasetConfig.PROP_OFFLINE, "maybe")::get, Map.of()));
        assertTrue(bad.getMessage().startsWith(DatasetConfig.PROP_OFFLINE + ": expected true or false"), bad.getMessage());
        InvalidInputException ftp = assertThrows(InvalidInputException.class,
                () -> DatasetConfig.from(name -> null, Map.of("HF_ENDPOINT", "ftp://x")));
        assertTrue(ftp.getMessage().contains("expected an http or https URL"), ftp.getMessage());
    }
}
