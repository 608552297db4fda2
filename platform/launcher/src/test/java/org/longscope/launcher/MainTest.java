package org.longscope.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path home;

    private record Output(int code, String out, String err) {
    }

    private Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        String oldHome = System.getProperty("longscope.home");
        System.setProperty("longscope.home", home.toString());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            if (oldHome == null) {
                System.clearProperty("longscope.home");
            } else {
                System.setProperty("longscope.home", oldHome);
            }
        }
    }

    @Test
    void unknownOptionsAndCommandsAreBadInput() {
        Output unknown = run("run", "--no-such-flag");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--no-such-flag"), unknown.err());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("run", "--samples", "many").code());
    }

    @Test
    void helpListsTheCommands() {
        Output help = run("--help");
        assertEquals(0, help.code());
        for (String command : new String[] {"run", "serve", "plugins", "benchmarks", "report"}) {
            assertTrue(help.out().contains(command), help.out());
        }
    }

    @Test
    void aMissingSpecFileIsBadInputWithoutBootingThePlatform() {
        Output missing = run("run", home.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml"), missing.err());
    }

    @Test
    void serveRefusesANonLoopbackAddressWithoutAToken() throws Exception {
        Files.createDirectories(home.resolve("bundle"));
        Output refused = run("serve", "--host", "0.0.0.0");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("token"), refused.err());
    }

    @Test
    void aFolderThatIsNoDistributionIsReported() {
        Output result = run("plugins", "list");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("no bundle folder"), result.err());
    }

    @Test
    void frameworkPropertiesComeFromConfWithTheHomeExpandedAndExportTheVectorApi() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/longscope.properties"),
                "felix.fileinstall.dir=${longscope.home}/drop\norg.osgi.service.http.port=9999\n");
        Map<String, String> p = Platform.frameworkProperties(new Layout(home), Map.of("org.osgi.service.http.port", "1234"));
        assertEquals(home + "/drop", p.get("felix.fileinstall.dir"));
        assertEquals("1234", p.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertTrue(p.get("org.osgi.framework.system.packages.extra").contains("jdk.incubator.vector"));
        assertTrue(p.get("org.osgi.framework.system.packages.extra").contains("org.longscope.launcher.spi"));
    }

    @Test
    void loopbackAddresses() {
        assertTrue(Main.isLoopback("127.0.0.1"));
        assertTrue(Main.isLoopback("localhost"));
        assertTrue(Main.isLoopback("::1"));
        assertTrue(!Main.isLoopback("0.0.0.0"));
    }
}
