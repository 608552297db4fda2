package org.longscope.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.bench.DataFile;
import org.longscope.hub.DatasetException.Reason;
import org.longscope.hub.DownloadProgress.Stage;

class HubDatasetManagerTest {
    private static final String REPO = "longscope/fixtures";
    private static final String REV = "0123abcd";
    private static final String PATH = "squad/dev-v2.0.json";

    @TempDir
    Path cache;

    private FakeHub hub;
    private byte[] content;
    private DataFile file;
    private final List<DownloadProgress> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        content = new byte[300_000];
        new Random(7).nextBytes(content);
        hub.put(REPO, REV, PATH, content);
        file = new DataFile(REPO, REV, PATH, sha256(content), content.length);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private DatasetConfig config() {
        return DatasetConfig.defaults().withEndpoint(hub.endpoint()).withCacheDirectory(cache)
                .withRetries(3, Duration.ofMillis(5)).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private HubDatasetManager manager(DatasetConfig config) {
        return new HubDatasetManager(config);
    }

    private Path ensure(HubDatasetManager manager, DataFile f) {
        return manager.ensure("ruler", List.of(f), events::add).getFirst();
    }

    @Test
    void downloadsIntoTheHubLayoutAndServesTheCachedCopyAfterwards() throws IOException {
        HubDatasetManager manager = manager(config());
        Path path = ensure(manager, file);

        assertEquals(cache.resolve(REPO).resolve(REV).resolve(PATH), path);
        assertArrayEquals(content, Files.readAllBytes(path));
        assertFalse(Files.exists(path.resolveSibling("dev-v2.0.json.part")), "no .part file left behind");
        assertEquals(1, hub.requests().size());
        assertEquals("/datasets/" + REPO + "/resolve/" + REV + "/" + PATH, hub.requests().getFirst().path());
        DownloadProgress last = events.getLast();
        assertEquals(Stage.DONE, last.stage());
        assertEquals(content.length, last.bytesDone());
        assertTrue(events.stream().anyMatch(e -> e.stage() == Stage.DOWNLOADING && e.bytesTotal() == content.length
                && e.bytesDone() > 0 && e.bytesDone() < content.length), "intermediate progress reported");
        assertTrue(events.stream().anyMatch(e -> e.stage() == Stage.VERIFYING));
        assertEquals(100.0, last.percent());
        assertEquals("[1/1] " + REPO + "/" + REV + "/" + PATH + "  0.3 MB / 0.3 MB  100%  done", last.describe());

        events.clear();
        assertEquals(path, ensure(manager, file));
        assertEquals(1, hub.requests().size(), "a verified cached file needs no request");
        assertEquals(List.of(Stage.CACHED), events.stream().map(DownloadProgress::stage).toList());
        assertTrue(manager.isCached(file));
    }

    @Test
    void notFoundNamesRepositoryPathAndUrl() {
        DataFile missing = new DataFile(REPO, REV, "hotpotqa/missing.json", null, -1);
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), missing));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(REPO), e.getMessage());
        assertTrue(e.getMessage().contains("hotpotqa/missing.json"), e.getMessage());
        assertTrue(e.getMessage().contains(hub.endpoint() + "/datasets/" + REPO + "/resolve/" + REV
                + "/hotpotqa/missing.json"), e.getMessage());
        assertEquals(1, hub.requests().size(), "404 is not retried");
        assertFalse(Files.exists(cache.resolve(REPO).resolve(REV).resolve("hotpotqa/missing.json")));
    }

    @Test
    void droppedConnectionIsResumedWithRangeOnRetry() throws IOException {
        hub.dropConnections(1, 100_000);
        Path path = ensure(manager(config()), file);

        assertArrayEquals(content, Files.readAllBytes(path));
        List<FakeHub.Seen> seen = hub.requests();
        assertEquals(2, seen.size());
        assertNull(seen.get(0).range());
        assertEquals("bytes=100000-", seen.get(1).range());
    }

    @Test
    void partialFileFromAnEarlierRunIsResumed() throws IOException {
        hub.dropConnections(1, 120_000);
        DatasetException e = assertThrows(DatasetException.class,
                () -> ensure(manager(config().withRetries(1, Duration.ZERO)), file));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("after 1 attempt"), e.getMessage());
        Path part = cache.resolve(REPO).resolve(REV).resolve(PATH + ".part");
        assertEquals(120_000, Files.size(part), "the bytes received are kept");
        CacheStatus status = manager(config()).status(file);
        assertTrue(status.partial());
        assertEquals(120_000, status.bytesPresent());
        assertFalse(manager(config()).isCached(file));

        Path path = ensure(manager(config()), file);
        assertArrayEquals(content, Files.readAllBytes(path));
        assertEquals("bytes=120000-", hub.requests().getLast().range());
        assertFalse(Files.exists(part));
        assertEquals(new CacheStatus(file, path, true, content.length), manager(config()).status(file));
    }

    @Test
    void stalledTransferIsAbortedAndResumed() throws IOException {
        hub.stallConnections(1, 40_000);
        Path path = ensure(manager(config().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))), file);
        assertArrayEquals(content, Files.readAllBytes(path));
        assertEquals("bytes=40000-", hub.requests().getLast().range());
    }

    @Test
    void completePartFileIsRecognisedFromTheServers416() throws IOException {
        Path part = cache.resolve(REPO).resolve(REV).resolve(PATH + ".part");
        Files.createDirectories(part.getParent());
        Files.write(part, content); // a finished download whose rename never happened
        DataFile unsized = new DataFile(REPO, REV, PATH, file.sha256(), -1);

        Path path = ensure(manager(config()), unsized);
        assertArrayEquals(content, Files.readAllBytes(path));
        assertEquals("bytes=" + content.length + "-", hub.requests().getFirst().range());
        assertFalse(Files.exists(part));
    }

    @Test
    void concurrentCallersDownloadOnce() throws Exception {
        HubDatasetManager manager = manager(config());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Path>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> ensure(manager, file)));
            }
            for (var result : results) {
                assertArrayEquals(content, Files.readAllBytes(result.get()));
            }
        }
        assertEquals(1, hub.requests().size(), "the others waited and found the verified file");
        assertEquals(3, events.stream().filter(e -> e.stage() == Stage.CACHED).count());
    }

    @Test
    void serverIgnoringRangeMakesTheDownloadStartOver() throws IOException {
        hub.ignoreRange(true);
        hub.dropConnections(1, 50_000);
        Path path = ensure(manager(config()), file);

        assertArrayEquals(content, Files.readAllBytes(path));
        assertEquals("bytes=50000-", hub.requests().get(1).range());
    }

    @Test
    void wrongChecksumDeletesTheFileAndNamesExpectedAndActual() throws IOException {
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        DataFile declared = new DataFile(REPO, REV, PATH, wrong, content.length);
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), declared));

        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(PATH), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("got " + sha256(content)), e.getMessage());
        Path target = cache.resolve(REPO).resolve(REV).resolve(PATH);
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(target.resolveSibling("dev-v2.0.json.part")));
    }

    @Test
    void wrongSizeIsReportedAsSuch() {
        DataFile declared = new DataFile(REPO, REV, PATH, null, content.length + 10);
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), declared));
        assertEquals(Reason.SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected " + (content.length + 10) + " bytes, got " + content.length),
                e.getMessage());
    }

    @Test
    void offlineServesACachedFileWithoutTouchingTheNetwork() throws IOException {
        Path target = cache.resolve(REPO).resolve(REV).resolve(PATH);
        Files.createDirectories(target.getParent());
        Files.write(target, content);
        hub.close(); // any request would fail

        Path path = ensure(manager(config().withOffline(true)), file);
        assertEquals(target, path);
        assertEquals(Stage.CACHED, events.getLast().stage());
    }

    @Test
    void offlineWritesNothingSoAReadOnlyCacheWorks() throws IOException {
        Path target = cache.resolve(REPO).resolve(REV).resolve(PATH);
        Files.createDirectories(target.getParent());
        Files.write(target, content);
        DataFile other = new DataFile(REPO, REV, "other/file.json", null, -1);

        assertEquals(target, ensure(manager(config().withOffline(true)), file));
        DatasetException e = assertThrows(DatasetException.class,
                () -> ensure(manager(config().withOffline(true)), other));
        assertEquals(Reason.OFFLINE_MISSING, e.reason());
        try (var files = Files.walk(cache)) {
            assertEquals(List.of(cache, cache.resolve(REPO).getParent(), cache.resolve(REPO), cache.resolve(REPO).resolve(REV),
                    target.getParent(), target),
                    files.sorted().toList(), "no lock file, no directory for the missing file");
        }
    }

    @Test
    void offlineWithoutTheFileNamesItAndThePullCommand() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> ensure(manager(config().withOffline(true)), file));
        assertEquals(Reason.OFFLINE_MISSING, e.reason());
        assertTrue(e.getMessage().contains(REPO + "/" + REV + "/" + PATH), e.getMessage());
        assertTrue(e.getMessage().contains("longscope data pull ruler"), e.getMessage());
        assertTrue(hub.requests().isEmpty(), "offline mode never touches the network");

        DatasetException pull = assertThrows(DatasetException.class,
                () -> manager(config().withOffline(true)).pull("ruler", List.of(file), DownloadListener.NONE));
        assertTrue(pull.getMessage().contains("offline"), pull.getMessage());
        assertTrue(hub.requests().isEmpty());
    }

    @Test
    void corruptCachedCopyIsReplacedOnlineAndRejectedOffline() throws IOException {
        Path target = cache.resolve(REPO).resolve(REV).resolve(PATH);
        Files.createDirectories(target.getParent());
        byte[] corrupt = content.clone();
        corrupt[1234] ^= 1;
        Files.write(target, corrupt);

        DatasetException e = assertThrows(DatasetException.class,
                () -> ensure(manager(config().withOffline(true)), file));
        assertEquals(Reason.OFFLINE_MISSING, e.reason());
        assertTrue(e.getMessage().contains("is broken (sha256 mismatch: expected " + file.sha256()), e.getMessage());
        assertFalse(Files.exists(target), "a broken copy is never handed out");

        Files.write(target, corrupt);
        assertArrayEquals(content, Files.readAllBytes(ensure(manager(config()), file)));
    }

    @Test
    void followsRedirectsToTheCdnAndSendsTheTokenOnlyToTheHub() throws IOException {
        hub.redirectToCdn(true);
        Path path = ensure(manager(config().withToken("hf_secret")), file);

        assertArrayEquals(content, Files.readAllBytes(path));
        List<FakeHub.Seen> seen = hub.requests();
        assertEquals(3, seen.size());
        assertEquals("Bearer hf_secret", seen.get(0).authorization());
        assertTrue(seen.get(1).path().startsWith("/api/resolve-cache/"));
        assertEquals("Bearer hf_secret", seen.get(1).authorization(), "same host: token kept");
        assertTrue(seen.get(2).path().startsWith("/cdn/"));
        assertTrue(seen.get(2).host().startsWith("localhost:"));
        assertNull(seen.get(2).authorization(), "another host never sees the token");
    }

    @Test
    void resumesThroughRedirects() throws IOException {
        hub.redirectToCdn(true);
        hub.dropConnections(1, 70_000);
        Path path = ensure(manager(config()), file);
        assertArrayEquals(content, Files.readAllBytes(path));
        assertEquals("bytes=70000-", hub.requests().getLast().range());
    }

    @Test
    void transientServerErrorsAreRetriedBoundedly() throws IOException {
        hub.failWith503(2);
        assertArrayEquals(content, Files.readAllBytes(ensure(manager(config()), file)));
        assertEquals(3, hub.requests().size());

        hub.failWith503(5);
        DataFile other = new DataFile(REPO, REV, "other.json", null, -1);
        hub.put(REPO, REV, "other.json", new byte[10]);
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), other));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(6, hub.requests().size());
    }

    @Test
    void unauthorizedMentionsTheToken() {
        hub.status(REPO, REV, PATH, 401);
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), file));
        assertEquals(Reason.UNAUTHORIZED, e.reason());
        assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
        assertEquals(1, hub.requests().size());
    }

    @Test
    void unreachableServerFailsAfterTheAttempts() {
        hub.close();
        DatasetException e = assertThrows(DatasetException.class, () -> ensure(manager(config()), file));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    @Test
    void ensuresSeveralFilesInOrder() throws IOException {
        byte[] second = "{\"data\": []}".getBytes(StandardCharsets.UTF_8);
        hub.put("other/repo", "main", "dev.json", second);
        DataFile secondFile = new DataFile("other/repo", "main", "dev.json", sha256(second), second.length);
        List<Path> paths = manager(config()).ensure("ruler", List.of(file, secondFile), events::add);
        assertEquals(2, paths.size());
        assertArrayEquals(second, Files.readAllBytes(paths.get(1)));
        assertEquals(2, events.getLast().fileCount());
        assertEquals(1, events.getLast().fileIndex());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
