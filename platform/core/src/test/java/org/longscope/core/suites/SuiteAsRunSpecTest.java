package org.longscope.core.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.spec.SpecParser;

/** What {@code longscope run --suite <name> --model <path>} does: the suite's fields plus a model, parsed as a spec. */
class SuiteAsRunSpecTest {

    @Test
    void everyShippedSuiteParsesAsTheBenchmarksOfARunSpec() {
        SuiteLibrary library = new SuiteLibrary();
        for (String name : library.names()) {
            Suite suite = library.load(name);
            Map<String, Object> fields = new LinkedHashMap<>(suite.specFields());
            fields.put("model", Map.of("backend", "native", "path", "models/tiny.gguf"));

            RunSpec spec = SpecParser.parse(fields);

            assertEquals(name, spec.name());
            assertEquals(suite.benchmarks(), spec.benchmarks(), name);
        }
    }

    @Test
    void suiteFileTextIsAlsoAValidBenchmarksList() {
        // the same lengths written as sizes in a suite mean the same in a spec
        Suite suite = new SuiteLibrary().parse("benchmarks: [{id: ruler, tasks: [vt], lengths: [4k, 128K, 3000]}]",
                "s.yaml");
        RunSpec spec = SpecParser.parse("""
                model: {path: m.gguf}
                benchmarks: [{id: ruler, tasks: [vt], lengths: [4k, 128K, 3000]}]
                """, "spec.yaml");
        assertEquals(spec.benchmarks(), suite.benchmarks());
    }
}
