package org.longscope.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.registry.Registered;
import org.longscope.api.registry.Registry;
import org.longscope.api.spec.ModelSpec;
import org.longscope.core.runs.ModelOpener;
import org.longscope.core.runs.RunManager;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Boots the distribution's bundle set (dist/target/longscope/bundle) plus the test-only digits
 * backend in Felix, with the REST server on a free loopback port and a token, and exercises the
 * platform through its services and its HTTP API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {
    static final String TOKEN = "itest-token";
    static final int MAX_SPEC_BYTES = 16 * 1024;

    @Inject
    BundleContext context;

    @Inject
    RunManager runs;

    private final ObjectMapper json = new ObjectMapper();

    @Configuration
    public Option[] config() throws IOException {
        Path work = Files.createTempDirectory("longscope-itest");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        List<Option> options = new ArrayList<>();
        options.add(systemPackages("org.longscope.launcher.spi;version=1.3.0", "jdk.incubator.vector"));
        options.add(cleanCaches(true));
        options.add(junitBundles());
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("longscope.server.token").value(TOKEN));
        options.add(frameworkProperty("longscope.server.max.spec.bytes").value(Integer.toString(MAX_SPEC_BYTES)));
        options.add(frameworkProperty("longscope.runs").value(work.resolve("runs").toString()));
        options.add(frameworkProperty("longscope.home").value(work.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(plugins.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("300"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"));
        for (Path jar : Distribution.coreBundles()) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(bundle(Distribution.testBackend().toUri().toString()));
        return options.toArray(new Option[0]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Http http() {
        return new Http("http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port"), TOKEN);
    }

    private JsonNode parse(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** Waits until the API answers (Jetty and the whiteboard start asynchronously). */
    private Http ready() throws Exception {
        Http http = http();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                if (http.get("/api/plugins").statusCode() == 200) {
                    return http;
                }
            } catch (IOException e) {
                // not bound yet
            }
            if (System.nanoTime() > deadline) {
                fail("the REST API did not answer on port " + context.getProperty("org.osgi.service.http.port"));
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void everyBundleIsActiveAndEveryServiceRegistered() throws Exception {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (Bundle b : context.getBundles()) {
            String link = PaxExamLinks.linkName(b.getLocation());
            assertTrue("Pax Exam installed " + link + ", which ProvisionedBundlesTest exempts as not provisioned",
                    link == null || !PaxExamLinks.NOT_PROVISIONED.contains(link));
        }
        for (Path jar : Distribution.coreBundles()) {
            String name = symbolicName(jar);
            assertTrue("core bundle " + name + " is not installed", Stream.of(context.getBundles())
                    .anyMatch(b -> name.equals(b.getSymbolicName())));
        }
        for (String service : List.of("org.longscope.core.runs.RunManager",
                "org.longscope.launcher.spi.CommandService", "jakarta.servlet.Servlet",
                "org.osgi.service.cm.ConfigurationAdmin", "org.osgi.service.component.runtime.ServiceComponentRuntime",
                "org.osgi.service.servlet.runtime.HttpServiceRuntime")) {
            assertNotNull("no " + service + " service", context.getServiceReference(service));
        }
        for (String filter : List.of("(&(longscope.kind=backend)(longscope.id=digits))",
                "(&(longscope.kind=benchmark)(longscope.id=passkey))", "(&(longscope.kind=kv)(longscope.id=full))")) {
            assertTrue("no service " + filter, context.getServiceReferences((String) null, filter) != null);
        }
        assertNotNull(runs);
    }

    /**
     * One registry answers for every kind, and CaliDrop wraps whatever KV method it has under the
     * base id it is given: a policy registered by a bundle that is not LongScope's (this test's
     * probe), under {@code third-party}, is the base the native engine's CaliDrop cache calibrates
     * when a generation asks for {@code calidrop:base=third-party}.
     */
    @Test
    public void caliDropWrapsAKvMethodOfAThirdPartyBundleFoundInTheRegistry() throws Exception {
        Registry registry = context.getService(context.getServiceReference(Registry.class));
        assertTrue(registry.ids(ServiceProperties.KIND_SUITE).contains("quick"));
        KvCachePolicy snapkv = registry.kv("snapkv");
        AtomicInteger created = new AtomicInteger();
        KvCachePolicy thirdParty = new KvCachePolicy() {
            @Override
            public List<ParamSpec> parameters() {
                return snapkv.parameters();
            }

            @Override
            public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
                created.incrementAndGet();
                return snapkv.create(geometry, params);
            }
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.KIND, ServiceProperties.KIND_KV);
        properties.put(ServiceProperties.ID, "third-party");
        ServiceRegistration<KvCachePolicy> registration = context.registerService(KvCachePolicy.class, thirdParty, properties);
        String probe = context.getBundle().getSymbolicName();
        try {
            Registered entry = registry.list(ServiceProperties.KIND_KV).stream()
                    .filter(r -> r.id().equals("third-party")).findFirst().orElseThrow();
            assertEquals(probe, entry.bundle());
            ModelOpener opener = context.getService(context.getServiceReference(ModelOpener.class));
            Path model = Distribution.home().resolve("models/longscope-byte-llama");
            String prompt = "Once upon a time, in a small village by the sea, there lived an old fisherman. ".repeat(5);
            try (LanguageModel m = opener.open(new ModelSpec("native", model.toString(), Map.of("threads", 2)))) {
                Completion c = m.generate(GenerationRequest.ofPrompt(prompt, 4)
                        .withKvMethod(KvMethodSpec.parse("calidrop:base=third-party,budget=128")));
                assertEquals("calidrop", c.kvStats().method());
                assertEquals("the third-party policy made the cache CaliDrop wraps", 1, created.get());
                assertTrue(c.kvStats().bytesOffloaded() > 0);
            }
            KvCachePolicy calidrop = registry.kv("calidrop");
            InvalidInputException unknown = org.junit.Assert.assertThrows(InvalidInputException.class,
                    () -> calidrop.create(CacheGeometry.of(2, 2, 4, 32, 4096), Map.of("base", "nope")));
            assertTrue(unknown.getMessage(), unknown.getMessage().startsWith("calidrop.base: unknown KV method 'nope'; available: ["));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("third-party (" + probe + ")")
                    && unknown.getMessage().contains("snapkv (org.longscope.kv.eviction)"));
        } finally {
            registration.unregister();
        }
        assertTrue(!registry.has(ServiceProperties.KIND_KV, "third-party"));
    }

    private static String symbolicName(Path jar) throws IOException {
        try (var in = new java.util.jar.JarFile(jar.toFile())) {
            return in.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME).split(";")[0].trim();
        }
    }

    @Test
    public void dropInPluginAppearsAndDisappears() throws Exception {
        Http http = ready();
        Path plugins = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path jar = plugins.resolve("dropin-probe.jar");
        Files.write(jar, bundleJar("org.longscope.itests.dropin", "1.2.3"));
        JsonNode found = awaitPlugin(http, "org.longscope.itests.dropin", true);
        assertEquals("1.2.3", found.get("version").asText());
        assertEquals("ACTIVE", found.get("state").asText());
        assertTrue(found.get("plugin").asBoolean());
        Files.delete(jar);
        awaitPlugin(http, "org.longscope.itests.dropin", false);
    }

    /** Polls GET /api/plugins until the bundle is listed (or gone); at most 5 s. */
    private JsonNode awaitPlugin(Http http, String symbolicName, boolean present) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode listed = null;
            for (JsonNode b : parse(http.get("/api/plugins"))) {
                if (symbolicName.equals(b.get("symbolicName").asText())) {
                    listed = b;
                }
            }
            if (present && listed != null && "ACTIVE".equals(listed.get("state").asText())) {
                return listed;
            }
            if (!present && listed == null) {
                return null;
            }
            Thread.sleep(100);
        }
        fail(symbolicName + (present ? " did not appear" : " did not disappear") + " in GET /api/plugins within 5 s");
        return null;
    }

    /** A minimal bundle: a manifest only. */
    static byte[] bundleJar(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
            out.write("drop-in test bundle".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    static String passkeySpec(String name, int samples, int delayMillis) {
        return """
                {"name": "%s",
                 "model": {"backend": "digits", "ref": "digits:itest", "options": {"delay_ms": %d}},
                 "benchmarks": [{"id": "passkey", "tasks": ["passkey"], "lengths": [1024], "samples": %d, "seed": 7,
                                 "params": {"depths": [50]}}]}
                """.formatted(name, delayMillis, samples);
    }

    /** POSTs a spec with the token, expects 201 Created and returns the new run's id. */
    private String startRun(Http http, String spec) throws Exception {
        HttpResponse<String> created = http.post("/api/runs", "application/json", spec.getBytes(StandardCharsets.UTF_8),
                true);
        assertEquals(created.body(), 201, created.statusCode());
        return parse(created).get("id").asText();
    }

    @Test
    public void runStartedThroughRestCompletesAndServesItsSummary() throws Exception {
        Http http = ready();
        String id = startRun(http, passkeySpec("rest-run", 3, 0));
        JsonNode status = awaitTerminal(http, id);
        assertEquals(status.toString(), "COMPLETED", status.get("state").asText());
        assertEquals(3, status.get("progress").get("done").asInt());

        HttpResponse<String> summary = http.get("/api/runs/" + id + "/summary");
        assertEquals(summary.body(), 200, summary.statusCode());
        assertTrue(summary.body(), summary.body().contains("passkey"));
        // the digits model answers with the pass key, so every sample is right
        assertTrue(summary.body(), summary.body().contains("100"));

        HttpResponse<String> samples = http.get("/api/runs/" + id + "/samples");
        assertEquals(200, samples.statusCode());
        assertEquals(samples.body(), 3, samples.body().lines().filter(l -> !l.isBlank()).count());

        JsonNode files = parse(http.get("/api/runs/" + id + "/files"));
        assertTrue(files.toString(), files.toString().contains("summary.json"));
        assertEquals(200, http.get("/api/runs/" + id + "/files/summary.csv").statusCode());
        HttpResponse<String> traversal = http.get("/api/runs/" + id + "/files/..%2F..%2Fetc%2Fpasswd");
        assertTrue(traversal.body(), traversal.statusCode() == 400 || traversal.statusCode() == 404);
        assertEquals(404, http.get("/api/runs/" + id + "/files/no-such-file.svg").statusCode());

        JsonNode list = parse(http.get("/api/runs"));
        assertTrue(list.toString(), list.toString().contains(id));
    }

    /** Two slices started through REST merge, through REST, into a run with every item; the merge needs the token. */
    @Test
    public void shardsStartedThroughRestMergeIntoOneRun() throws Exception {
        Http http = ready();
        List<String> ids = new java.util.ArrayList<>();
        for (String shard : List.of("1/2", "2/2")) {
            String id = startRun(http, passkeySpec("rest-shards", 6, 0).replaceFirst("\\{", "{\"shard\": \"" + shard + "\", "));
            assertEquals("COMPLETED", awaitTerminal(http, id).get("state").asText());
            ids.add(id);
        }
        byte[] request = ("{\"runs\": [\"" + ids.get(0) + "\", \"" + ids.get(1) + "\"]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, http.post("/api/runs/merge", "application/json", request, false).statusCode());
        HttpResponse<String> merged = http.post("/api/runs/merge", "application/json", request, true);
        assertEquals(merged.body(), 201, merged.statusCode());
        String mergedId = parse(merged).get("id").asText();
        JsonNode summary = parse(http.get("/api/runs/" + mergedId + "/summary"));
        assertEquals(summary.toString(), 6, summary.get("counts").get("done").asInt());
        assertEquals(summary.toString(), "completed", summary.get("state").asText());
        HttpResponse<String> half = http.post("/api/runs/merge", "application/json",
                ("{\"runs\": [\"" + ids.get(0) + "\"]}").getBytes(StandardCharsets.UTF_8), true);
        assertEquals(half.body(), 400, half.statusCode());
        assertTrue(half.body(), half.body().contains("slices [2] of 2 are missing"));
    }

    private JsonNode awaitTerminal(Http http, String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode status = parse(http.get("/api/runs/" + id));
            String state = status.get("state").asText();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return status;
            }
            Thread.sleep(100);
        }
        fail("run " + id + " did not end within 60 s");
        return null;
    }

    @Test
    public void serverSentEventsDeliverProgress() throws Exception {
        Http http = ready();
        String id = startRun(http, passkeySpec("sse-run", 4, 150));
        HttpResponse<Stream<String>> stream = http.lines("/api/runs/" + id + "/events");
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> progress = new ArrayList<>();
        boolean ended = false;
        try (Stream<String> lines = stream.body()) {
            String event = null;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "progress".equals(event)) {
                    progress.add(json.readTree(line.substring(6)));
                } else if (line.startsWith("data: ") && "end".equals(event)) {
                    ended = true;
                    break;
                }
            }
        }
        assertTrue("no end event", ended);
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("COMPLETED", last.get("state").asText());
        assertEquals(4, last.get("done").asInt());
        assertEquals(4, last.get("total").asInt());
        assertTrue("expected progress while running, got " + progress, progress.stream()
                .anyMatch(p -> p.get("state").asText().equals("RUNNING") && p.get("done").asInt() > 0));
    }

    @Test
    public void deleteCancelsARunningRun() throws Exception {
        Http http = ready();
        String id = startRun(http, passkeySpec("cancel-run", 40, 250));
        assertEquals(401, http.delete("/api/runs/" + id, false).statusCode());
        HttpResponse<String> cancelled = http.delete("/api/runs/" + id, true);
        assertEquals(cancelled.body(), 202, cancelled.statusCode());
        JsonNode status = awaitTerminal(http, id);
        assertEquals(status.toString(), "CANCELLED", status.get("state").asText());
        assertTrue(status.toString(), status.get("progress").get("done").asInt() < 40);
        assertEquals(409, http.delete("/api/runs/" + id, true).statusCode());
        HttpResponse<String> unknown = http.get("/api/runs/no-such-run");
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", parse(unknown).get("code").asText());
    }

    @Test
    public void malformedSpecIs400NamingTheField() throws Exception {
        Http http = ready();
        String spec = passkeySpec("bad-run", 1, 0).replace("[1024]", "[\"lots\"]");
        HttpResponse<String> response = http.post("/api/runs", "application/json",
                spec.getBytes(StandardCharsets.UTF_8), true);
        assertEquals(response.body(), 400, response.statusCode());
        JsonNode error = parse(response);
        assertEquals("invalid_input", error.get("code").asText());
        assertTrue(response.body(), error.get("message").asText().contains("benchmarks[0].lengths[0]"));

        HttpResponse<String> yaml = http.post("/api/runs", "application/yaml",
                "name: [unclosed\n".getBytes(StandardCharsets.UTF_8), true);
        assertEquals(yaml.body(), 400, yaml.statusCode());
        assertEquals("invalid_input", parse(yaml).get("code").asText());
    }

    @Test
    public void unknownPluginIdListsTheIdsAvailable() throws Exception {
        Http http = ready();
        String spec = passkeySpec("unknown-id", 1, 0).replace("\"id\": \"passkey\"", "\"id\": \"no-such-benchmark\"");
        HttpResponse<String> response = http.post("/api/runs", "application/json",
                spec.getBytes(StandardCharsets.UTF_8), true);
        assertEquals(response.body(), 400, response.statusCode());
        String message = parse(response).get("message").asText();
        assertTrue(message, message.contains("no-such-benchmark") && message.contains("passkey"));

        HttpResponse<String> backend = http.post("/api/runs", "application/json",
                passkeySpec("unknown-backend", 1, 0).replace("\"backend\": \"digits\"", "\"backend\": \"nope\"")
                        .getBytes(StandardCharsets.UTF_8), true);
        assertEquals(backend.body(), 400, backend.statusCode());
        assertTrue(backend.body(), parse(backend).get("message").asText().contains("digits"));

        assertEquals("org.longscope.server", parse(http.get("/api/plugins/org.longscope.server")).get("symbolicName").asText());
        assertEquals(409, http.delete("/api/plugins/org.longscope.server", true).statusCode());
        HttpResponse<String> delete = http.delete("/api/plugins/no.such.plugin", true);
        assertEquals(delete.body(), 404, delete.statusCode());
        assertTrue(delete.body(), parse(delete).get("message").asText().contains("plugins available"));
    }

    @Test
    public void corruptJarUploadIs400AndThePlatformKeepsServing() throws Exception {
        Http http = ready();
        byte[] valid = bundleJar("org.longscope.itests.corrupt", "1.0.0");
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 2);
        for (byte[] corrupt : List.of(truncated, "not a jar at all".getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<String> response = http.post("/api/plugins?name=broken.jar", "application/java-archive",
                    corrupt, true);
            assertEquals(response.body(), 400, response.statusCode());
            assertEquals("invalid_input", parse(response).get("code").asText());
        }
        assertEquals(200, http.get("/api/plugins").statusCode());
        assertEquals(200, http.get("/api/runs").statusCode());

        // a valid upload is installed through the drop-in folder, and can be removed again
        HttpResponse<String> uploaded = http.post("/api/plugins?name=uploaded.jar", "application/java-archive",
                bundleJar("org.longscope.itests.uploaded", "2.0.0"), true);
        assertEquals(uploaded.body(), 201, uploaded.statusCode());
        assertEquals("ACTIVE", parse(uploaded).get("state").asText());
        HttpResponse<String> removed = http.delete("/api/plugins/org.longscope.itests.uploaded", true);
        assertEquals(removed.body(), 200, removed.statusCode());
        awaitPlugin(http, "org.longscope.itests.uploaded", false);
    }

    @Test
    public void oversizeBodyIs413() throws Exception {
        Http http = ready();
        byte[] big = new byte[MAX_SPEC_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> response = http.post("/api/runs", "application/json", big, true);
        assertEquals(response.body(), 413, response.statusCode());
        assertEquals("payload_too_large", parse(response).get("code").asText());
    }

    @Test
    public void stateChangingCallsWithoutTheTokenAre401() throws Exception {
        Http http = ready();
        byte[] spec = passkeySpec("no-token", 1, 0).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> run = http.post("/api/runs", "application/json", spec, false);
        assertEquals(run.body(), 401, run.statusCode());
        assertEquals("unauthorized", parse(run).get("code").asText());
        assertEquals(401, http.post("/api/plugins", "application/java-archive",
                bundleJar("org.longscope.itests.notoken", "1.0.0"), false).statusCode());
        assertEquals(401, http.delete("/api/plugins/org.longscope.itests.backend", false).statusCode());
        HttpResponse<String> wrong = new Http(
                "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port"), "wrong-token")
                .post("/api/runs", "application/json", spec, true);
        assertEquals(401, wrong.statusCode());
        // reading needs no token
        assertEquals(200, http.get("/api/runs").statusCode());
    }

    /**
     * A judge bundle installed while the platform runs is used by the next run, without a
     * restart: with judge-generative uninstalled a judging run is refused (the judge ids listed
     * lack it); after its jar is uploaded through the API, the same spec judges with it.
     */
    @Test
    public void aJudgeBundleInstalledAtRunTimeJudgesTheNextRun() throws Exception {
        Http http = ready();
        Bundle installed = Stream.of(context.getBundles())
                .filter(b -> "org.longscope.judge.generative".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Path jar = Path.of(java.net.URI.create(installed.getLocation()));
        installed.uninstall();
        String spec = """
                {"name": "judge-installed-at-run-time",
                 "model": {"backend": "digits", "ref": "digits:judge"},
                 "benchmarks": [{"id": "longrewardbench-synth", "tasks": ["pairwise"], "lengths": [512], "samples": 2}],
                 "judge": {"id": "generative", "params": {"max_new_tokens": 16}}}
                """;
        HttpResponse<String> refused = http.post("/api/runs", "application/json", spec.getBytes(StandardCharsets.UTF_8), true);
        assertEquals(refused.body(), 400, refused.statusCode());
        String message = parse(refused).get("message").asText();
        assertTrue(message, message.contains("generative") && message.contains("likelihood"));

        HttpResponse<String> uploaded = http.post("/api/plugins?name=judge-generative.jar", "application/java-archive",
                Files.readAllBytes(jar), true);
        assertEquals(uploaded.body(), 201, uploaded.statusCode());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (context.getServiceReferences(org.longscope.api.judge.RewardJudge.class, "(longscope.id=generative)").isEmpty()) {
            assertTrue("the uploaded judge registered no service within 10 s", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        String id = startRun(http, spec);
        JsonNode status = awaitTerminal(http, id);
        assertEquals(status.toString(), "COMPLETED", status.get("state").asText());
        List<String> samples = http.get("/api/runs/" + id + "/samples").body().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(samples.toString(), 2, samples.size());
        for (String line : samples) {
            JsonNode judgement = json.readTree(line).path("judgement");
            assertEquals(line, "pairwise", judgement.path("mode").asText().toLowerCase(java.util.Locale.ROOT));
            assertEquals(line, 1, judgement.path("calls").size()); // one generation by the judge model
        }
        assertTrue(http.get("/api/runs/" + id + "/files/spec.json").body().contains("org.longscope.judge.generative"));
    }
}
