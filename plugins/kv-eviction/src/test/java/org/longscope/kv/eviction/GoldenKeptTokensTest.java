package org.longscope.kv.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.Decoding;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.testing.Driver;
import org.longscope.nativeengine.engine.Generator;
import org.longscope.nativeengine.engine.Transformer;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;

/**
 * What the eviction methods keep, pinned: for fixed inputs and budgets, the token indices each layer
 * and KV head holds after prefill and at the end of decoding, and (on the shipped model) the greedy
 * generated text, compared with {@code golden-kept-tokens.txt}, which was recorded from the
 * methods as first written. Two inputs: seeded random tensors fed by kv-core's {@link Driver}
 * (bit-reproducible, chunked prefill and decode) and the shipped byte-level model run by the native
 * engine on a pass-key prompt.
 *
 * <p>A kept token is identified by its key: every appended key row is remembered with its position
 * and the stored rows are looked up after prefill and at the end. Rerecord (only when a change of
 * output is intended) with {@code -Dgolden.write=true}, which rewrites the fixture in the source tree.
 */
class GoldenKeptTokensTest {
    static final Path FIXTURE = Path.of("src/test/resources/org/longscope/kv/eviction/golden-kept-tokens.txt");
    static final Path MODEL = Path.of("../../models/longscope-byte-llama/longscope-byte-llama.gguf");

    /** id, policy, parameters for the random tensors and for the shipped model. */
    record Case(String name, KvCachePolicy policy, Map<String, Object> synthetic, Map<String, Object> model) {
        /** The name and parameters in a fixed order (Map.of iterates in an order that varies between runs). */
        String label(Map<String, Object> params) {
            return name + " " + new TreeMap<>(params);
        }
    }

    static final List<Case> CASES = List.of(
            new Case("streamingllm", new StreamingLlmPolicy(), Map.of("budget", 40), Map.of("budget", 192)),
            new Case("h2o", new H2oPolicy(), Map.of("budget", 40), Map.of("budget", 192)),
            new Case("h2o-heavy", new H2oPolicy(), Map.of("budget", 40, "heavy", 30), Map.of("budget", 192, "heavy", 128)),
            new Case("snapkv", new SnapKvPolicy(), Map.of("budget", 40, "window", 8),
                    Map.of("budget", 192, "window", 16, "kernel", 15)),
            new Case("snapkv-max", new SnapKvPolicy(), Map.of("budget", 40, "window", 8, "pool", "max", "kernel", 3),
                    Map.of("budget", 192, "window", 16, "pool", "max", "kernel", 7)),
            new Case("pyramidkv", new PyramidKvPolicy(), Map.of("budget", 40, "window", 8, "beta", 4),
                    Map.of("budget", 192, "window", 16, "kernel", 15)),
            new Case("adakv", new AdaKvPolicy(), Map.of("budget", 40, "window", 8),
                    Map.of("budget", 192, "window", 16, "kernel", 15)),
            new Case("adakv-h2o", new AdaKvPolicy(), Map.of("budget", 40, "window", 8, "scorer", "h2o", "alpha", 0.5),
                    Map.of("budget", 192, "window", 16, "scorer", "h2o")));

    static final CacheGeometry GEOMETRY = CacheGeometry.of(3, 2, 4, 16, 1024);
    static final int PROMPT = 150;
    static final int DECODE = 10;
    static final int NEW_TOKENS = 24;

    static LoadedModel loaded;
    static ComputePool pool;
    static Transformer model;

    @BeforeAll
    static void load() {
        loaded = ModelLoader.load(MODEL);
        pool = new ComputePool(2);
        model = new Transformer("longscope-byte-llama", loaded.config(), loaded.tensors(), pool, 64);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
        pool.close();
        loaded.close();
    }

    @Test
    void keptTokensAndTextAreAsRecorded() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (Case c : CASES) {
            actual.append(synthetic(c));
        }
        for (Case c : CASES) {
            actual.append(shipped(c));
        }
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(FIXTURE, actual.toString(), StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = GoldenKeptTokensTest.class.getResourceAsStream("golden-kept-tokens.txt")) {
            assertNotNull(in, "fixture golden-kept-tokens.txt");
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (Boolean.getBoolean("golden.write")) {
            expected = actual.toString();
        }
        String[] want = expected.split("\n");
        String[] got = actual.toString().split("\n");
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            assertEquals(want[i], got[i], "fixture line " + (i + 1));
        }
        assertEquals(want.length, got.length, "fixture lines");
    }

    /** Random tensors, prefill in chunks of 64, then DECODE single steps. */
    private static String synthetic(Case c) {
        Driver driver = new Driver(GEOMETRY, PROMPT, DECODE, 41);
        StringBuilder out = new StringBuilder();
        try (KvCache cache = c.policy().create(GEOMETRY, c.synthetic())) {
            DenseCache dense = (DenseCache) cache;
            Positions positions = new Positions(GEOMETRY);
            for (int l = 0; l < GEOMETRY.layers(); l++) {
                int kv = GEOMETRY.kvHeads() * GEOMETRY.headDim();
                for (int t = 0; t < PROMPT + DECODE; t++) {
                    positions.remember(l, t, driver.keys[l], t * kv);
                }
            }
            driver.run(cache, 64, (k, done) -> {
                if (done == PROMPT) {
                    out.append(positions.kept("synthetic " + c.label(c.synthetic()) + " prefill", dense));
                }
            });
            out.append(positions.kept("synthetic " + c.label(c.synthetic()) + " decoded " + DECODE, dense));
        }
        return out.toString();
    }

    /** The shipped model on a pass-key prompt, greedy, NEW_TOKENS at most. */
    private static String shipped(Case c) {
        int[] prompt = loaded.tokenizer().encode(passKeyPrompt(), false);
        CacheGeometry geometry = model.geometry(prompt.length + NEW_TOKENS + 8);
        StringBuilder out = new StringBuilder();
        String label = "model " + c.label(c.model());
        try (Recording cache = new Recording((DenseCache) c.policy().create(geometry, c.model()))) {
            cache.onPrefillEnd = () -> out.append(cache.positions.kept(label + " prefill", cache.dense));
            Generator generator = new Generator(model, loaded.tokenizer(), loaded.stopTokenIds());
            Generator.Result result = generator.generate(prompt, cache, NEW_TOKENS, List.of(), Decoding.GREEDY);
            out.append(cache.positions.kept(label + " decoded " + result.tokens().length, cache.dense));
            out.append(label).append(" text ").append(escape(result.text())).append('\n');
        }
        return out.toString();
    }

    static String passKeyPrompt() {
        StringBuilder haystack = new StringBuilder();
        String filler = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. ";
        for (int i = 0; i < 3; i++) {
            haystack.append(filler);
        }
        haystack.append("The pass key is 48213. Remember it. 48213 is the pass key. ");
        for (int i = 0; i < 3; i++) {
            haystack.append(filler);
        }
        return "<s><|user|>\nThere is important info hidden inside a lot of irrelevant text. Find it and memorize it. "
                + haystack + "What is the pass key?<|end|>\n<|assistant|>\nThe pass key is";
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Original positions of keys, found again by their bits in each head's store. */
    static final class Positions {
        private final CacheGeometry geometry;
        private final List<Map<List<Integer>, Integer>> byKey = new ArrayList<>();

        Positions(CacheGeometry geometry) {
            this.geometry = geometry;
            for (int i = 0; i < geometry.layers() * geometry.kvHeads(); i++) {
                byKey.add(new HashMap<>());
            }
        }

        /** Remembers the keys of every KV head of one token, {@code [kvHeads][headDim]} from {@code offset}. */
        void remember(int layer, int position, float[] keys, int offset) {
            int d = geometry.headDim();
            for (int h = 0; h < geometry.kvHeads(); h++) {
                byKey.get(layer * geometry.kvHeads() + h).put(bits(keys, offset + h * d, d), position);
            }
        }

        String kept(String label, DenseCache cache) {
            StringBuilder out = new StringBuilder();
            KvStats stats = cache.stats();
            float[] row = new float[geometry.headDim()];
            for (int l = 0; l < geometry.layers(); l++) {
                for (int h = 0; h < geometry.kvHeads(); h++) {
                    DenseHeadStore store = cache.store(l, h);
                    int[] kept = new int[store.size()];
                    for (int s = 0; s < kept.length; s++) {
                        store.readKey(s, row, 0);
                        Integer position = byKey.get(l * geometry.kvHeads() + h).get(bits(row, 0, row.length));
                        kept[s] = position == null ? -1 : position;
                    }
                    assertEquals(kept.length, stats.tokensKept()[l][h]);
                    out.append(label).append(" layer ").append(l).append(" head ").append(h).append(' ')
                            .append(Arrays.toString(kept)).append('\n');
                }
            }
            return out.toString();
        }

        private static List<Integer> bits(float[] x, int from, int count) {
            List<Integer> b = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                b.add(Float.floatToRawIntBits(x[from + i]));
            }
            return b;
        }
    }

    /** Passes every call to a dense cache and remembers the position of each appended key. */
    static final class Recording implements KvCache {
        final DenseCache dense;
        final Positions positions;
        Runnable onPrefillEnd;
        private final float[] keyRows;

        Recording(DenseCache dense) {
            this.dense = dense;
            this.positions = new Positions(dense.geometry());
            this.keyRows = new float[dense.geometry().kvHeads() * dense.geometry().headDim()];
        }

        @Override
        public CacheGeometry geometry() {
            return dense.geometry();
        }

        @Override
        public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
            for (int i = 0; i < n; i++) {
                MemorySegment.copy(keys, ValueLayout.JAVA_FLOAT_UNALIGNED, (long) i * keyRows.length * 4, keyRows, 0,
                        keyRows.length);
                positions.remember(layer, position + i, keyRows, 0);
            }
            dense.append(layer, position, n, keys, values);
        }

        @Override
        public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
            dense.attend(layer, kvHead, n, queries, out);
        }

        @Override
        public void endPrefill() {
            dense.endPrefill();
            onPrefillEnd.run();
        }

        @Override
        public KvStats stats() {
            return dense.stats();
        }

        @Override
        public void close() {
            dense.close();
        }
    }
}
