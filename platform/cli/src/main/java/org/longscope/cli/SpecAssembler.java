package org.longscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.longscope.api.InvalidInputException;
import org.longscope.launcher.spi.RunOptions;

/**
 * Turns {@code longscope run} flags into the fields of a run spec (docs/spec.md), over the spec
 * file when one is given: flags override its fields. The engine's parser then reads them once into
 * the typed {@code RunSpec}, so a bad flag is reported with the same field path as the same mistake
 * in a file.
 */
final class SpecAssembler {
    private static final ObjectMapper YAML = new YAMLMapper();

    /**
     * What to parse: the spec file's text untouched (so syntax errors keep their line numbers), or
     * the fields flags filled; and the name errors refer to.
     */
    record Document(String text, Map<String, Object> fields, String sourceName) {
    }

    private SpecAssembler() {
    }

    /**
     * @param suites the benchmarks of a suite by name or path, as spec fields ({@code name},
     *               {@code benchmarks}); used only when {@code --suite} is given
     */
    static Document assemble(RunOptions options, String specText, Function<String, Map<String, Object>> suites) {
        String source = options.specFile() == null ? "command line" : options.specFile().toString();
        if (specText != null && !hasOverrides(options)) {
            return new Document(specText, null, source);
        }
        Map<String, Object> spec = specText == null ? new LinkedHashMap<>() : readObject(specText, source);
        apply(options, spec, suites);
        return new Document(null, spec, source);
    }

    /** --judge ID[:k=v] replaces the spec's judge id and parameters; --judge-model its model. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> judge(RunOptions o, Object current) {
        Map<String, Object> judge = current instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                : current instanceof String id ? new LinkedHashMap<>(Map.of("id", id)) : new LinkedHashMap<>();
        if (o.judge() != null) {
            org.longscope.api.kv.KvMethodSpec parsed;
            try {
                parsed = org.longscope.api.kv.KvMethodSpec.parse(o.judge());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--judge", "expected ID[:name=value,...], got '" + o.judge() + "'");
            }
            judge.put("id", parsed.id());
            judge.put("params", parsed.params());
        }
        if (o.judgeModel() != null) {
            boolean local = Files.exists(Path.of(o.judgeModel()));
            judge.put("model", new LinkedHashMap<>(Map.of(local ? "path" : "ref",
                    local ? Path.of(o.judgeModel()).toAbsolutePath().toString() : o.judgeModel())));
        }
        if (!judge.containsKey("id")) {
            throw new InvalidInputException("--judge-model", "expected --judge ID as well (or a spec with a judge)");
        }
        return judge;
    }

    static String read(Path file) throws java.io.IOException {
        return Files.readString(file);
    }

    static boolean hasOverrides(RunOptions o) {
        return o.suite() != null || o.model() != null || o.backend() != null || o.benchmark() != null
                || !o.tasks().isEmpty() || !o.lengths().isEmpty() || o.samples() != null || o.seed() != null
                || !o.kv().isEmpty() || o.maxLength() != null || o.truncation() != null || o.noTemplate()
                || o.judge() != null || o.judgeModel() != null || o.shard() != null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(String text, String source) {
        Object parsed;
        try {
            parsed = YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInputException(at == null ? source : source + " line " + at.getLineNr(),
                    "not valid YAML or JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new InvalidInputException(source, "expected a run spec object, got " + describe(parsed));
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    private static String describe(Object o) {
        return o == null ? "an empty document" : o instanceof List ? "a list" : "'" + o + "'";
    }

    @SuppressWarnings("unchecked")
    static void apply(RunOptions o, Map<String, Object> spec, Function<String, Map<String, Object>> suites) {
        if (o.suite() != null) {
            Map<String, Object> suite = suites.apply(o.suite());
            spec.putIfAbsent("name", suite.get("name"));
            spec.put("benchmarks", suite.get("benchmarks"));
        }
        if (o.model() != null || o.backend() != null) {
            Map<String, Object> model = spec.get("model") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            if (o.model() != null) {
                model.remove("path");
                model.remove("ref");
                boolean local = Files.exists(Path.of(o.model()));
                model.put(local ? "path" : "ref", local ? Path.of(o.model()).toAbsolutePath().toString() : o.model());
            }
            if (o.backend() != null) {
                model.put("backend", o.backend());
            }
            spec.put("model", model);
        }
        if (o.benchmark() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("id", o.benchmark());
            spec.put("benchmarks", new ArrayList<>(List.of(b)));
        }
        if (!o.tasks().isEmpty() || !o.lengths().isEmpty() || o.samples() != null || o.seed() != null) {
            Object current = spec.get("benchmarks");
            List<Object> list = current instanceof List<?> l ? new ArrayList<>(l)
                    : current == null ? new ArrayList<>() : new ArrayList<>(List.of(current));
            if (list.isEmpty()) {
                throw new InvalidInputException("benchmarks", "expected --benchmark (or a spec with benchmarks) "
                        + "for --tasks, --lengths, --samples and --seed to apply to");
            }
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                Map<String, Object> b = item instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>(Map.of("id", item));
                if (!o.tasks().isEmpty()) {
                    b.put("tasks", o.tasks());
                }
                if (!o.lengths().isEmpty()) {
                    b.put("lengths", o.lengths());
                }
                if (o.samples() != null) {
                    b.put("samples", o.samples());
                }
                if (o.seed() != null) {
                    b.put("seed", o.seed());
                }
                list.set(i, b);
            }
            spec.put("benchmarks", list);
        }
        if (!o.kv().isEmpty()) {
            spec.put("kv", o.kv());
        }
        if (o.judge() != null || o.judgeModel() != null) {
            spec.put("judge", judge(o, spec.get("judge")));
        }
        if (o.shard() != null) {
            spec.put("shard", o.shard());
        }
        if (o.maxLength() != null || o.truncation() != null || o.noTemplate()) {
            Map<String, Object> settings = spec.get("settings") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            if (o.maxLength() != null) {
                settings.put("max_length", o.maxLength());
            }
            if (o.truncation() != null) {
                settings.put("truncation", o.truncation());
            }
            if (o.noTemplate()) {
                settings.put("chat_template", false);
            }
            spec.put("settings", settings);
        }
    }
}
