package org.longscope.nativeengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.longscope.api.kv.KvCache;
import org.longscope.nativeengine.kernel.ComputePool;

/**
 * End-to-end logits of small random models against the numpy reference of
 * src/test/python/golden_logits.py (an independent implementation of the Hugging Face modeling
 * code), for Llama with llama3 RoPE scaling in both RoPE layouts, Qwen2 (q/k/v biases, score head)
 * and Qwen3 (q/k norms, head dim independent of the width). Tolerance: 1e-4 of the largest logit,
 * since the reference computes in float64 and the engine in float32.
 */
class GoldenLogitsTest {
    private static ComputePool pool;

    @BeforeAll
    static void start() {
        pool = new ComputePool(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama_hf", "llama_gguf", "qwen2", "qwen3"})
    void chunkedPrefillGivesTheReferenceLogitsAtEveryPosition(String variant) {
        try (Arena arena = Arena.ofShared()) {
            GoldenModel golden = GoldenModel.load(variant, arena);
            for (int chunk : new int[] {1, 4, 16}) {
                try (Transformer model = new Transformer(variant, golden.config(), golden.tensors(), pool, chunk);
                        KvCache cache = new ReferenceKvCache(model.geometry(32))) {
                    int n = golden.tokens().length;
                    int[] seen = new int[1];
                    model.forward(golden.tokens(), n, 0, cache, 0, (index, logits, offset) -> {
                        assertEquals(seen[0]++, index);
                        assertLogits(golden, variant + " chunk " + chunk, index, logits, offset);
                    });
                    assertEquals(n, seen[0], "logits of every position");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama_hf", "qwen2", "qwen3"})
    void prefillThenTokenByTokenDecodeGivesTheReferenceLogits(String variant) {
        try (Arena arena = Arena.ofShared()) {
            GoldenModel golden = GoldenModel.load(variant, arena);
            try (Transformer model = new Transformer(variant, golden.config(), golden.tensors(), pool, 3);
                    KvCache cache = new ReferenceKvCache(model.geometry(32))) {
                int[] tokens = golden.tokens();
                int prompt = 5;
                model.forward(tokens, prompt, 0, cache, prompt - 1,
                        (index, logits, offset) -> assertLogits(golden, variant, index, logits, offset));
                cache.endPrefill();
                for (int t = prompt; t < tokens.length; t++) {
                    int position = t;
                    model.forward(new int[] {tokens[t]}, 1, t, cache, 0,
                            (index, logits, offset) -> assertLogits(golden, variant + " decode", position, logits, offset));
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void scoreHeadGivesTheReferenceReward() {
        try (Arena arena = Arena.ofShared()) {
            GoldenModel golden = GoldenModel.load("qwen2", arena);
            try (Transformer model = new Transformer("qwen2", golden.config(), golden.tensors(), pool, 4);
                    KvCache cache = new ReferenceKvCache(model.geometry(32))) {
                float[] score = model.score(golden.tokens(), golden.tokens().length, cache);
                assertEquals(golden.score().length, score.length);
                assertEquals(golden.score()[0], score[0], 1e-4 * Math.max(1, Math.abs(golden.score()[0])));
            }
        }
    }

    static void assertLogits(GoldenModel golden, String what, int index, MemorySegment logits, long offset) {
        float[] expected = golden.logits()[index];
        float max = 0;
        for (float e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            float got = logits.get(ValueLayout.JAVA_FLOAT_UNALIGNED, offset + 4L * i);
            assertEquals(expected[i], got, 1e-4 * max, what + ": position " + index + " logit " + i);
        }
    }
}
