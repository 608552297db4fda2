package org.longscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.launcher.spi.RunOptions;

class SpecAssemblerTest {
    private static final java.util.function.Function<String, java.util.Map<String, Object>> NO_SUITES = name -> {
        throw new AssertionError("no suite expected, got " + name);
    };
    private final ObjectMapper json = new ObjectMapper();

    private static RunOptions flags(String model, String benchmark, List<String> tasks, List<String> lengths,
            Integer samples, List<String> kv, String maxLength, boolean noTemplate) {
        return new RunOptions(Path.of("spec.yaml"), null, model, null, benchmark, tasks, lengths, samples, null, kv,
                maxLength, null, noTemplate, null);
    }

    @Test
    void aSpecFileWithoutFlagsIsPassedOnUntouched() {
        String text = "name: x\n# a comment\n";
        RunOptions none = flags(null, null, List.of(), List.of(), null, List.of(), null, false);
        SpecAssembler.Document doc = SpecAssembler.assemble(none, text, NO_SUITES);
        assertSame(text, doc.text());
        assertEquals("spec.yaml", doc.sourceName());
    }

    @Test
    void flagsOverrideTheFieldsOfTheSpecFile() throws Exception {
        String text = """
                name: base
                model: {backend: native, path: /models/a.gguf}
                benchmarks:
                  - passkey
                  - {id: ruler, tasks: [vt], lengths: [4k]}
                settings: {truncation: left}
                """;
        RunOptions options = flags("Qwen/Qwen3-0.6B", null, List.of(), List.of("8k", "16k"), 3,
                List.of("snapkv:budget=512", "h2o"), "32k", true);
        JsonNode spec = json.valueToTree(SpecAssembler.assemble(options, text, NO_SUITES).fields());
        assertEquals("base", spec.get("name").asText());
        assertEquals("Qwen/Qwen3-0.6B", spec.get("model").get("ref").asText());
        assertTrue(spec.get("model").get("path") == null, spec.toString());
        assertEquals("native", spec.get("model").get("backend").asText());
        assertEquals("passkey", spec.get("benchmarks").get(0).get("id").asText());
        assertEquals("[\"8k\",\"16k\"]", spec.get("benchmarks").get(0).get("lengths").toString());
        assertEquals(3, spec.get("benchmarks").get(1).get("samples").asInt());
        assertEquals("[\"vt\"]", spec.get("benchmarks").get(1).get("tasks").toString());
        assertEquals("[\"snapkv:budget=512\",\"h2o\"]", spec.get("kv").toString());
        assertEquals("32k", spec.get("settings").get("max_length").asText());
        assertEquals("left", spec.get("settings").get("truncation").asText());
        assertEquals(false, spec.get("settings").get("chat_template").asBoolean());
    }

    @Test
    void aBenchmarkFlagReplacesTheSpecsBenchmarks() throws Exception {
        RunOptions options = flags(null, "passkey", List.of("passkey"), List.of(), null, List.of(), null, false);
        JsonNode spec = json.valueToTree(SpecAssembler.assemble(options, "benchmarks: [ruler]\n", NO_SUITES).fields());
        assertEquals(1, spec.get("benchmarks").size());
        assertEquals("passkey", spec.get("benchmarks").get(0).get("id").asText());
    }

    @Test
    void taskFlagsWithoutABenchmarkAreBadInput() {
        RunOptions options = new RunOptions(null, null, "m", null, null, List.of("passkey"), List.of(), null, null,
                List.of(), null, null, false, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpecAssembler.assemble(options, null, NO_SUITES));
        assertEquals("benchmarks", e.location());
    }

    private static RunOptions judgeFlags(String judge, String judgeModel) {
        return new RunOptions(null, null, "m", null, "pairs", List.of(), List.of(), null, null, List.of(), null, null,
                false, null, judge, judgeModel);
    }

    @Test
    void judgeFlagsSetTheJudgeIdParametersAndModel() throws Exception {
        JsonNode spec = json.valueToTree(SpecAssembler.assemble(judgeFlags("likelihood:normalize=true", "judge-ref"), null,
                NO_SUITES).fields());
        assertEquals("likelihood", spec.path("judge").path("id").asText(), spec.toString());
        assertEquals("true", spec.path("judge").path("params").path("normalize").asText());
        assertEquals("judge-ref", spec.path("judge").path("model").path("ref").asText());
    }

    @Test
    void aMalformedJudgeOrAJudgeModelWithoutJudgeIsBadInputNamingTheFlag() {
        InvalidInputException malformed = assertThrows(InvalidInputException.class,
                () -> SpecAssembler.assemble(judgeFlags("likelihood:normalize", null), null, NO_SUITES));
        assertEquals("--judge", malformed.location());
        InvalidInputException alone = assertThrows(InvalidInputException.class,
                () -> SpecAssembler.assemble(judgeFlags(null, "judge-ref"), null, NO_SUITES));
        assertEquals("--judge-model", alone.location());
    }

    @Test
    void aSpecFileThatIsNotAnObjectIsBadInputNamingTheFile() {
        RunOptions options = flags("m", null, List.of(), List.of(), null, List.of(), null, false);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SpecAssembler.assemble(options, "- a\n- b\n", NO_SUITES));
        assertTrue(e.getMessage().startsWith("spec.yaml: expected a run spec object"), e.getMessage());
        InvalidInputException syntax = assertThrows(InvalidInputException.class,
                () -> SpecAssembler.assemble(options, "name: [unclosed\n", NO_SUITES));
        assertTrue(syntax.getMessage().contains("spec.yaml line"), syntax.getMessage());
    }

    @Test
    void aSuiteProvidesNameAndBenchmarksAndSampleFlagsApplyToThem() throws Exception {
        RunOptions options = new RunOptions(null, "quick", "m.gguf", null, null, List.of(), List.of(), 2, 9L,
                List.of(), null, null, false, null);
        java.util.Map<String, Object> quick = java.util.Map.of("name", "quick", "benchmarks",
                List.of(java.util.Map.of("id", "passkey", "lengths", List.of(1024))));
        JsonNode spec = json.valueToTree(SpecAssembler.assemble(options, null,
                name -> name.equals("quick") ? quick : java.util.Map.of()).fields());
        assertEquals("quick", spec.get("name").asText());
        assertEquals("passkey", spec.get("benchmarks").get(0).get("id").asText());
        assertEquals(2, spec.get("benchmarks").get(0).get("samples").asInt());
        assertEquals(9, spec.get("benchmarks").get(0).get("seed").asInt());
        assertEquals("[1024]", spec.get("benchmarks").get(0).get("lengths").toString());
    }
}
