package org.longscope.wrap.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Boots Felix with slf4j-api and the wrapped bundle: it resolves, extracts its native library from
 * inside the bundle (into a fresh cache directory, without network) and tokenizes.
 */
class DjlTokenizersBundleIT {
    @TempDir
    Path tmp;

    @Test
    void resolvesAndTokenizesInsideFelix() throws Exception {
        Path cache = tmp.resolve("djl-cache");
        System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        // slf4j-api comes from the class path through the system bundle (the distribution installs it as a bundle)
        Framework felix = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17",
                Constants.FRAMEWORK_STORAGE, tmp.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
        try {
            Bundle wrapped = felix.getBundleContext().installBundle(Path.of(System.getProperty("wrapped.bundle")).toUri().toString());
            wrapped.start();
            assertEquals(Bundle.ACTIVE, wrapped.getState());

            Path json = tmp.resolve("tokenizer.json");
            Files.writeString(json, """
                    {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
                     "pre_tokenizer":{"type":"Whitespace"},"post_processor":null,"decoder":null,
                     "model":{"type":"WordLevel","vocab":{"hello":0,"world":1,"[UNK]":2},"unk_token":"[UNK]"}}
                    """);
            Class<?> type = wrapped.loadClass("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer");
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(type.getClassLoader());
            try {
                Object tokenizer = type.getMethod("newInstance", Path.class, Map.class).invoke(null, json, Map.of());
                Object encoding = type.getMethod("encode", String.class, boolean.class, boolean.class)
                        .invoke(tokenizer, "hello world again", false, false);
                Method ids = encoding.getClass().getMethod("getIds");
                assertArrayEquals(new long[] {0, 1, 2}, (long[]) ids.invoke(encoding));
                ((AutoCloseable) tokenizer).close();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            try (Stream<Path> files = Files.walk(cache)) {
                List<Path> libs = files.filter(p -> p.getFileName().toString().startsWith("libtokenizers")).toList();
                assertTrue(!libs.isEmpty(), "native library extracted into " + cache);
            }
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
            System.clearProperty("ENGINE_CACHE_DIR");
        }
    }
}
