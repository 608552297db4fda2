package org.longscope.server.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;

class PluginInstallerTest {
    static byte[] jar(String symbolicName, String version, int payloadBytes) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            main.putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("data.txt"));
            byte[] payload = new byte[payloadBytes];
            new java.util.Random(1).nextBytes(payload);
            out.write(payload);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheIdentityOfABundleJar() throws Exception {
        PluginInstaller.BundleIdentity id = PluginInstaller.inspect(
                jar("org.example.plugin;singleton:=true", "1.2.3", 100), "x.jar");
        assertEquals("org.example.plugin", id.symbolicName());
        assertEquals("1.2.3", id.version());
        assertEquals("org.example.plugin-1.2.3.jar", id.fileName());
        assertEquals("0.0.0", PluginInstaller.inspect(jar("a.b", null, 10), "y.jar").version());
    }

    @Test
    void refusesNonJarsTruncatedJarsAndPlainJars() throws Exception {
        byte[] good = jar("org.example.plugin", "1.0.0", 50_000);
        byte[][] bad = {
            "definitely not a zip".getBytes(StandardCharsets.UTF_8),
            Arrays.copyOf(good, good.length / 2),
            new byte[0],
            jar(null, null, 10)
        };
        for (byte[] b : bad) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> PluginInstaller.inspect(b, "up.jar"));
            assertTrue(e.getMessage().startsWith("up.jar: expected"), e.getMessage());
        }
    }

    @Test
    void refusesAJarWithACorruptedEntry() throws Exception {
        byte[] good = jar("org.example.plugin", "1.0.0", 50_000);
        byte[] corrupt = good.clone();
        for (int i = good.length / 3; i < good.length / 3 + 64; i++) {
            corrupt[i] ^= 0x5a;
        }
        assertThrows(InvalidInputException.class, () -> PluginInstaller.inspect(corrupt, "flipped.jar"));
    }
}
