package org.longscope.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.api.spec.Truncation;

class SpecParserTest {

    private static final String FULL = """
            name: qwen-niah
            model:
              backend: native
              path: models/qwen.gguf
              options: {threads: 4}
            kv:
              - snapkv:budget=512,window=32
              - {id: calidrop, params: {base: h2o, budget: 128}}
            benchmarks:
              - id: synthetic
                tasks: [passkey, niah_single_1]
                lengths: [4k, 8K, 16384]
                samples: 5
                seed: 42
                params: {depths: [0, 50, 100]}
            judge: {id: generative, model: {backend: openai, ref: "http://127.0.0.1:8000/v1"}}
            settings:
              chat_template: true
              no_template_tasks: [passkey]
              truncation: left
              max_length: 32k
              strip_thinking: false
              temperature: 0.7
              top_k: 20
              top_p: 0.9
              seed: 7
              template_vars: {enable_thinking: false}
              answer_boundary: false
            concurrency: 2
            """;

    @Test
    void readsEveryField() {
        RunSpec spec = SpecParser.parse(FULL, "spec.yaml");
        assertEquals("qwen-niah", spec.name());
        assertEquals("native", spec.model().backend());
        assertEquals("models/qwen.gguf", spec.model().reference());
        assertEquals(4L, spec.model().options().get("threads"));
        assertEquals("snapkv:budget=512,window=32", spec.kvMethods().get(0).label());
        assertEquals("calidrop", spec.kvMethods().get(1).id());
        assertEquals(128L, spec.kvMethods().get(1).params().get("budget"));
        assertEquals(List.of(4096, 8192, 16384), spec.benchmarks().get(0).lengths());
        assertEquals(List.of("passkey", "niah_single_1"), spec.benchmarks().get(0).tasks());
        assertEquals(5, spec.benchmarks().get(0).samples());
        assertEquals(42, spec.benchmarks().get(0).seed());
        assertEquals(List.of(0L, 50L, 100L), spec.benchmarks().get(0).params().get("depths"));
        assertEquals("generative", spec.judge().id());
        assertEquals("http://127.0.0.1:8000/v1", spec.judge().model().reference());
        assertEquals(Truncation.LEFT, spec.settings().truncation());
        assertEquals(32768, spec.settings().maxLength());
        assertEquals(false, spec.settings().stripThinking());
        assertEquals(0.7, spec.settings().decoding().temperature());
        assertEquals(20, spec.settings().decoding().topK());
        assertEquals(0.9, spec.settings().decoding().topP());
        assertEquals(7, spec.settings().decoding().seed());
        assertEquals(false, spec.settings().templateVariables().get("enable_thinking"));
        assertEquals(List.of("passkey"), spec.settings().noTemplateTasks());
        assertEquals(false, spec.settings().answerBoundary());
        assertEquals(2, spec.concurrency());
    }

    @Test
    void aJudgeIsAnIdWithParametersOrAnObject() {
        RunSpec text = SpecParser.parse("{\"model\": {\"path\": \"m.gguf\"}, \"benchmarks\": [\"b\"], \"judge\": \"likelihood:normalize=true\"}", "s");
        assertEquals("likelihood", text.judge().id());
        assertEquals("true", text.judge().params().get("normalize"));
        RunSpec object = SpecParser.parse("{\"model\": {\"path\": \"m.gguf\"}, \"benchmarks\": [\"b\"], \"judge\": {\"id\": \"generative\", "
                + "\"params\": {\"max_new_tokens\": 64}}}", "s");
        assertEquals(64, ((Number) object.judge().params().get("max_new_tokens")).intValue());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> SpecParser.parse("{\"model\": {\"path\": \"m.gguf\"}, \"benchmarks\": [\"b\"], \"judge\": \"likelihood:normalize\"}", "s"));
        assertTrue(bad.getMessage().startsWith("judge: expected a judge like"), bad.getMessage());
    }

    @Test
    void defaultsAreTheStandardSettings() {
        RunSpec spec = SpecParser.parse("{\"model\": {\"path\": \"m.gguf\"}, \"benchmarks\": [\"synthetic\"]}", "spec.json");
        assertEquals("run", spec.name());
        assertNull(spec.model().backend());
        assertTrue(spec.kvMethods().isEmpty());
        assertTrue(spec.settings().chatTemplate());
        assertEquals(Truncation.MIDDLE, spec.settings().truncation());
        assertTrue(spec.settings().decoding().greedy());
        assertTrue(spec.settings().stripThinking());
        assertTrue(spec.settings().answerBoundary());
        assertEquals(0, spec.settings().maxLength());
        assertEquals(1, spec.concurrency());
        assertNull(spec.judge());
    }

    @Test
    void writerOutputParsesBackToTheSameSpec() {
        RunSpec spec = SpecParser.parse(FULL, "spec.yaml");
        RunSpec again = SpecParser.parse(SpecWriter.toTree(spec));
        assertEquals(spec, again);
    }

    @Test
    void mapOfFlagsGivesTheSameSpecAsTheDocument() {
        RunSpec spec = SpecParser.parse(Map.of(
                "model", Map.of("backend", "native", "path", "m.gguf"),
                "kv", List.of("snapkv:budget=512"),
                "benchmarks", List.of(Map.of("id", "synthetic", "lengths", List.of("8k")))));
        assertEquals(8192, spec.benchmarks().get(0).lengths().get(0));
        assertEquals("512", spec.kvMethods().get(0).params().get("budget"));
    }

    private static String error(String yaml) {
        return assertThrows(InvalidInputException.class, () -> SpecParser.parse(yaml, "spec.yaml")).getMessage();
    }

    @Test
    void badLengthNamesItsPath() {
        assertEquals("benchmarks[1].lengths[0]: expected a positive integer or a size like 8k, got \"abc\"", error("""
                model: {path: m.gguf}
                benchmarks:
                  - {id: a}
                  - {id: b, lengths: [abc]}
                """));
        assertEquals("benchmarks[0].lengths[1]: expected a positive integer or a size like 8k, got -5", error("""
                model: {path: m.gguf}
                benchmarks: [{id: a, lengths: [4k, -5]}]
                """));
    }

    @Test
    void unknownFieldsListTheKnownOnes() {
        assertEquals("benchmarks[0].length: unknown field; known fields are [id, lengths, params, samples, seed, tasks]",
                error("""
                        model: {path: m.gguf}
                        benchmarks: [{id: a, length: [4k]}]
                        """));
        assertTrue(error("modle: {path: m}\nbenchmarks: [a]").startsWith("modle: unknown field; known fields are [benchmarks,"));
    }

    @Test
    void aSpecWithoutModelRunsTheDefaultModelWhenOneIsConfigured() {
        ModelSpec shipped = new ModelSpec(null, "/opt/longscope/models/longscope-byte-llama", Map.of());
        assertEquals(shipped, SpecParser.parse("benchmarks: [synthetic]", "spec.yaml", shipped).model());
        // a named model wins over the default
        assertEquals("m.gguf", SpecParser.parse("model: {path: m.gguf}\nbenchmarks: [synthetic]", "spec.yaml", shipped)
                .model().reference());
    }

    @Test
    void missingAndMistypedFields() {
        assertEquals("model: expected a model like {backend: native, path: model.gguf}, got nothing",
                error("benchmarks: [a]"));
        assertEquals("benchmarks: expected a non-empty list of benchmarks like [{id: synthetic, tasks: [passkey]}], got nothing",
                error("model: {path: m}"));
        assertEquals("settings.truncation: expected one of middle, left, right, skip, got \"centre\"",
                error("model: {path: m}\nbenchmarks: [a]\nsettings: {truncation: centre}"));
        assertEquals("settings.top_p: expected a number in (0, 1], got 1.5",
                error("model: {path: m}\nbenchmarks: [a]\nsettings: {top_p: 1.5}"));
        assertEquals("concurrency: expected an integer in [1, 1024], got 0",
                error("model: {path: m}\nbenchmarks: [a]\nconcurrency: 0"));
        assertEquals("benchmarks[0].samples: expected an integer >= 0, got \"many\"",
                error("model: {path: m}\nbenchmarks: [{id: a, samples: many}]"));
        assertEquals("model: expected one of 'path' and 'ref', got both",
                error("model: {path: m, ref: n}\nbenchmarks: [a]"));
    }

    @Test
    void badKvMethods() {
        assertEquals("kv[1]: expected name=value in KV method 'snapkv:budget', got 'budget'",
                error("model: {path: m}\nbenchmarks: [a]\nkv: [full, 'snapkv:budget']"));
        assertEquals("kv[1]: duplicate KV method 'snapkv:budget=1'",
                error("model: {path: m}\nbenchmarks: [a]\nkv: ['snapkv:budget=1', 'snapkv:budget=1']"));
        assertEquals("kv[0].params: expected an object of name: value pairs, got a list",
                error("model: {path: m}\nbenchmarks: [a]\nkv: [{id: snapkv, params: [1]}]"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        String message = error("model: {path: m\nbenchmarks: [a]\n");
        assertTrue(message.startsWith("spec.yaml line "), message);
    }

    @Test
    void sizes() {
        assertEquals(8192, Sizes.parse("8k"));
        assertEquals(131072, Sizes.parse("128K"));
        assertEquals(1000, Sizes.parse("1000"));
        assertEquals(-1, Sizes.parse("8kb"));
        assertEquals(-1, Sizes.parse("0"));
        assertEquals("8k", Sizes.format(8192));
    }
}
