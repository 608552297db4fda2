package org.longscope.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real headless Chromium (Debian's chromium and chromium-driver), driven by
 * Selenium, against {@code longscope serve} of a copy of the distribution with a token: start a
 * comparison run from the form and watch it finish, read its charts, browse its samples, render a
 * model answer holding HTML as text, upload and remove a plugin. Screenshots at 1280x800 go to
 * {@code longscope.screenshots.dir} (docs/images holds the committed ones).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "w3b-t0ken";
    private static final String HTML_ANSWER = "<script>window.__injected = 1</script>"
            + "<img src=x onerror=\"window.__injected = 2\"><b>bold</b>";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path home;
    static Process server;
    static String base;
    static ChromeDriver browser;
    static String runId;
    /** Items of the run the form starts: NIAH at its depths and 2 lengths, and 5 pass key depths, for each of 3 methods. */
    static int total;
    private static final int PASSKEY_ITEMS = 5;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (Boolean.getBoolean("longscope.browser.required")) {
            assertTrue(present, "no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "no chromium and chromium-driver here: the browser tests are skipped");
        home = Distribution.copyTo(work);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        server = new ProcessBuilder(home.resolve("bin/longscope").toString(), "serve", "--port", Integer.toString(port),
                "--token", TOKEN).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("serve.txt").toFile()).start();
        awaitServer();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Headless as root in a sandboxed machine with no network beyond loopback: no background
        // connections, no first-run work, a profile of its own.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=1280,800",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // --window-size counts the window's frame: grow it until the page itself is 1280x800.
        browser.get(base + "/");
        long width = (Long) script("return window.innerWidth");
        long height = (Long) script("return window.innerHeight");
        Dimension window = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(window.getWidth() + 1280 - (int) width,
                window.getHeight() + 800 - (int) height));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.destroy();
        }
    }

    private static void awaitServer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/catalog")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the server did not come up: " + Files.readString(work.resolve("serve.txt")));
    }

    /** Waits, looking again when the page has just replaced what it looked at. */
    private static FluentWait<WebDriver> waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    private static WebElement await(String css) {
        return waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void open(String hash) {
        browser.get(base + "/" + hash);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    /** A screenshot of the viewport, checked to be 1280x800. */
    private static void screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1280, image.getWidth(), name);
        assertEquals(800, image.getHeight(), name);
        Path dir = Files.createDirectories(Path.of(System.getProperty("longscope.screenshots.dir",
                work.resolve("screenshots").toString())));
        Files.write(dir.resolve(name + ".png"), png);
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** Enters the token in the dialog the first state-changing call opens. */
    private static void answerTokenDialog() {
        WebElement input = await("#token-dialog #token-input");
        input.sendKeys(TOKEN);
        browser.findElement(By.id("token-save")).click();
    }

    @Test
    @Order(1)
    void startsAComparisonRunFromTheFormAndWatchesItFinish() throws Exception {
        open("#/runs");
        assertTrue(await("#runs-page").getText().contains("No runs yet"));

        open("#/new");
        await("#new-run");
        new Select(browser.findElement(By.cssSelector("[data-path='benchmarks[0].id']"))).selectByValue("niah");
        type(await("[data-path='benchmarks[0].lengths']"), "1024, 2048");
        type(browser.findElement(By.cssSelector("[data-path='benchmarks[0].samples']")), "1");
        type(browser.findElement(By.cssSelector("[data-path='benchmarks[0].params']")),
                "{\"document_depth_percent_intervals\": 4}");
        browser.findElement(By.id("add-benchmark")).click();
        new Select(await("[data-path='benchmarks[1].id']")).selectByValue("passkey");
        type(await("[data-path='benchmarks[1].lengths']"), "512");
        type(browser.findElement(By.cssSelector("[data-path='benchmarks[1].samples']")), "1");

        browser.findElement(By.id("add-kv")).click();
        new Select(await("[data-path='kv[0].id']")).selectByValue("streamingllm");
        type(await("[data-path='kv[0].streamingllm.budget']"), "128");
        browser.findElement(By.id("add-kv")).click();
        new Select(await("[data-path='kv[1].id']")).selectByValue("snapkv");
        type(await("[data-path='kv[1].snapkv.budget']"), "0");
        type(browser.findElement(By.id("run-name")), "web");

        // Checking as one types needs the token: the Check button asks for it, once.
        waiting(10).until(d -> d.findElement(By.id("validation")).getText().contains("token"));
        browser.findElement(By.id("check-spec")).click();
        answerTokenDialog();
        WebElement verdict = await("#validation .error");
        waiting(10).until(d -> verdict.getText().contains("kv[1].snapkv.budget"));
        assertTrue(browser.findElement(By.cssSelector("[data-path='kv[1].snapkv.budget']")).getAttribute("class")
                .contains("invalid"), "the refused field is marked");
        type(browser.findElement(By.cssSelector("[data-path='kv[1].snapkv.budget']")), "128");
        waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#validation .ok")));
        assertEquals(TOKEN, script("return sessionStorage.getItem('longscope.token')"));
        assertFalse(browser.getCurrentUrl().contains(TOKEN), browser.getCurrentUrl());
        script("window.scrollTo(0, 0)");
        screenshot("new-run");

        browser.findElement(By.id("start-run")).click();
        waiting(30).until(ExpectedConditions.urlContains("#/run/web-"));
        runId = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/run/") + 6);
        assertFalse(browser.getCurrentUrl().contains(TOKEN));

        // Live progress: the page is never reloaded, and its progress line moves until it completes.
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        String progressText = "let p = document.querySelector('#run-progress .progress-text'); return p ? p.textContent : ''";
        while (System.nanoTime() < deadline) {
            seen.add((String) script(progressText));
            if (!browser.findElements(By.cssSelector("#run-page .badge.completed, #run-page .badge.failed, "
                    + "#run-page .badge.cancelled")).isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        seen.add((String) script(progressText));
        assertFalse(browser.findElements(By.cssSelector("#run-page .badge.completed")).isEmpty(),
                "the run completed in the page; progress seen: " + seen + "; " + browser.findElement(By.id("run-page")).getText());
        assertTrue(seen.size() >= 2, "progress moved while watched: " + seen);
        JsonNode progress = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/runs/" + runId)).build(), HttpResponse.BodyHandlers.ofString()).body()).path("progress");
        total = progress.path("total").asInt();
        assertEquals(0, total % 3, "every item once per method: " + progress);
        assertTrue(total > 3 * PASSKEY_ITEMS, progress.toString());
        assertTrue(seen.stream().anyMatch(t -> t.startsWith(total + "/" + total)), "the final count was shown: " + seen);

        // The comparison: one point per method (full as the reference, StreamingLLM, SnapKV).
        WebElement table = await("#comparison-table");
        assertEquals(3, table.findElements(By.cssSelector("tbody tr")).size());
        for (String chart : List.of("chart-bytes", "chart-speed")) {
            assertEquals(3L, script("return echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                    + ".getOption().series[0].data.length", chart), chart);
            long front = (Long) script("return echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                    + ".getOption().series[1].data.length", chart);
            assertTrue(front >= 1 && front <= 3, chart + " frontier of " + front);
        }
        assertTrue(table.getText().contains("snapkv:budget=128"), table.getText());
        // The NIAH heatmap: one cell per depth and length, for the method shown.
        assertEquals((long) total / 3 - PASSKEY_ITEMS, script("return echarts.getInstanceByDom(document.getElementById('niah-heatmap'))"
                + ".getOption().series[0].data.length"));
        assertTrue(await("#summary-passkey").getText().contains("512"));
        screenshot("run");
        script("document.getElementById('niah').scrollIntoView()");
        screenshot("run-heatmap");

        open("#/runs");
        WebElement row = await("#runs-table tr[data-run='" + runId + "']");
        assertTrue(row.getText().contains("completed") && row.getText().contains("snapkv:budget=128"), row.getText());
        screenshot("runs");
    }

    @Test
    @Order(2)
    void browsesAndOpensSamples() throws Exception {
        open("#/run/" + runId + "/samples");
        await("#samples-table");
        assertTrue(await("#samples-count").getText().startsWith(total + " of " + total),
                browser.findElement(By.id("samples-count")).getText());
        new Select(browser.findElement(By.id("filter-kv"))).selectByValue("snapkv:budget=128");
        waiting(10).until(d -> d.findElement(By.id("samples-count")).getText().startsWith(total / 3 + " of " + total));
        new Select(await("#filter-benchmark")).selectByValue("passkey");
        waiting(10).until(d -> d.findElement(By.id("samples-count")).getText().startsWith(PASSKEY_ITEMS + " of " + total));
        for (WebElement r : browser.findElements(By.cssSelector("#samples-table tbody tr"))) {
            assertTrue(r.getText().contains("passkey / passkey") && r.getText().contains("snapkv:budget=128"), r.getText());
        }
        screenshot("samples");

        browser.findElement(By.cssSelector("#samples-table tbody tr a")).click();
        await("#sample-page");
        String expected = await("#expected").getText();
        assertTrue(expected.matches("\\d+"), "a pass key: " + expected);
        assertTrue(browser.findElement(By.id("prompt-head")).getText().contains("The pass key is " + expected));
        assertTrue(browser.findElement(By.cssSelector("dl.facts")).getText().contains("prefill"));

        // A long prompt shows its head and tail with what lies between counted.
        open("#/run/" + runId + "/samples?benchmark=niah&length=2048&kv=full");
        waiting(10).until(d -> d.findElement(By.id("samples-count")).getText().startsWith((total / 3 - PASSKEY_ITEMS) / 2 + " of "));
        browser.findElement(By.cssSelector("#samples-table tbody tr a")).click();
        assertTrue(await("#prompt-tail").isDisplayed());
        assertTrue(browser.findElement(By.cssSelector("#sample-page .cut")).getText().contains("characters not shown"));
        screenshot("sample");
    }

    /** A model answer holding HTML is shown as text in the list and the sample view; none of it runs. */
    @Test
    @Order(3)
    void rendersAnAnswerHoldingHtmlAsText() throws Exception {
        Path finished = work.resolve("runs").resolve(runId);
        String copyId = "html-answer-20261208-000000-0001";
        Path copy = Files.createDirectories(work.resolve("runs").resolve(copyId));
        for (String name : List.of("spec.json", "summary.json")) {
            Files.copy(finished.resolve(name), copy.resolve(name));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(finished.resolve("samples.jsonl")));
        ObjectNode first = (ObjectNode) JSON.readTree(lines.getFirst());
        first.put("response", HTML_ANSWER);
        first.put("truncated_tokens", 300);
        lines.set(0, JSON.writeValueAsString(first));
        Files.write(copy.resolve("samples.jsonl"), lines, StandardCharsets.UTF_8);

        open("#/run/" + copyId + "/samples");
        WebElement cell = await("#samples-table tbody tr[data-line='0'] td.answer");
        assertEquals(HTML_ANSWER, cell.getText());
        open("#/run/" + copyId + "/sample/0");
        WebElement answer = await("#answer");
        assertEquals(HTML_ANSWER, answer.getText());
        assertTrue(answer.findElements(By.cssSelector("script, img, b")).isEmpty(), "no element was made from the answer");
        assertTrue(await("#truncation").getText().contains("300 tokens were cut from the middle"));
        Thread.sleep(500); // an image error handler would have fired by now
        assertNull(script("return window.__injected === undefined ? null : window.__injected"));
    }

    @Test
    @Order(4)
    void uploadsAndRemovesAPlugin() throws Exception {
        open("#/plugins");
        await("#plugins-table");
        // A new browser session has no token: the upload asks for it again.
        script("sessionStorage.clear()");
        File jar = Distribution.testBackend().toFile();
        browser.findElement(By.id("plugin-file")).sendKeys(jar.getAbsolutePath());
        browser.findElement(By.id("upload-plugin")).click();
        answerTokenDialog();
        String row = "#plugins-table tr[data-bundle='org.longscope.itests.backend']";
        waiting(30).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(row));
            return !rows.isEmpty() && rows.getFirst().getText().contains("active") && rows.getFirst().getText().contains("backend:digits");
        });
        assertTrue(await("#plugin-message .ok").getText().contains("org.longscope.itests.backend"));
        screenshot("plugins");

        browser.findElement(By.cssSelector(row + " [data-remove]")).click();
        waiting(30).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row), 0));
        assertTrue(await("#plugin-message .ok").getText().contains("Removed"));
        JsonNode bundles = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/plugins")).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode b : bundles) {
            assertFalse(b.path("symbolicName").asText().equals("org.longscope.itests.backend"), bundles.toString());
        }
    }

    /** The pages add no way to change state: they answer GET alone; the API still wants the token. */
    @Test
    @Order(5)
    void pagesChangeNothingWithoutTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/index.html", "/app.js")) {
            for (String method : List.of("POST", "PUT", "DELETE")) {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, response.statusCode(), method + " " + path);
            }
        }
        for (String missing : List.of("/no-such-page.html", "/index.txt", "/META-INF/MANIFEST.MF", "/org/longscope/server/web/WebServlet.class")) {
            var response = http.send(HttpRequest.newBuilder(URI.create(base + missing)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), "only the pages' own files are served: " + missing);
        }
        var page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        for (String path : List.of("/api/runs/validate", "/api/runs", "/api/plugins")) {
            var refused = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"benchmarks\": [\"passkey\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), path + ": " + refused.body());
        }
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            assertEquals(2, runs.count(), "no run was started without the token");
        }
    }

    /** What the pages are built from and checked with, over plain HTTP. */
    @Test
    @Order(6)
    void catalogValidationAndRecordsOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode catalog = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/catalog")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode snapkv = null;
        for (JsonNode kv : catalog.path("kv")) {
            if (kv.path("id").asText().equals("snapkv")) {
                snapkv = kv;
            }
        }
        assertTrue(snapkv != null && snapkv.path("parameters").toString().contains("\"budget\""), catalog.path("kv").toString());
        assertTrue(catalog.path("suites").toString().contains("\"short\""));
        assertTrue(catalog.path("models").get(0).path("default").asBoolean());
        assertTrue(catalog.path("benchmarks").toString().contains("\"niah_single_1\""));

        HttpRequest.Builder validate = HttpRequest.newBuilder(URI.create(base + "/api/runs/validate"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
        var refused = http.send(validate.POST(HttpRequest.BodyPublishers.ofString(
                "{\"kv\": [\"snapkv:budget=0\"], \"benchmarks\": [\"passkey\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("kv[0].snapkv.budget", JSON.readTree(refused.body()).path("location").asText(), refused.body());
        var accepted = http.send(validate.POST(HttpRequest.BodyPublishers.ofString(
                "{\"kv\": [\"snapkv:budget=64\"], \"benchmarks\": [\"passkey\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("[\"snapkv:budget=64\"]", JSON.readTree(accepted.body()).path("kv").toString());
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            assertEquals(2, runs.count(), "checking a spec starts no run");
        }

        var badLimit = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + runId + "/records?limit=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badLimit.statusCode());
        assertTrue(badLimit.body().contains("'limit'"), badLimit.body());
        var noLine = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + runId + "/records/100000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, noLine.statusCode(), noLine.body());
    }

    /** A run still going can be cancelled from the runs page, which follows it to its end. */
    @Test
    @Order(7)
    void cancelsARunFromTheRunsPage() throws Exception {
        var started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"long\", \"benchmarks\": "
                        + "[{\"id\": \"passkey\", \"lengths\": [2048], \"samples\": 50}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, started.statusCode(), started.body());
        String id = JSON.readTree(started.body()).path("id").asText();
        open("#/runs");
        String row = "#runs-table tr[data-run='" + id + "']";
        waiting(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector(row + " [data-cancel]"))).click();
        waiting(60).until(d -> d.findElement(By.cssSelector(row + " td.state")).getText().equals("cancelled"));
        assertTrue(browser.findElements(By.cssSelector(row + " [data-cancel]")).isEmpty(), "no cancel once it ended");
    }
}
