package org.longscope.server.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.TaskInfo;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.ServiceEntry;
import org.longscope.core.suites.Suite;
import org.longscope.core.suites.SuiteLibrary;

/**
 * {@code GET /api/catalog}: what a run can be built from now — backends, KV methods with their
 * declared parameters, benchmarks with their tasks, judges, the shipped suites as spec fields, and
 * the model files found beside the default model. The new-run page is built from it.
 */
final class CatalogJson {
    private final Catalog catalog;
    private final SuiteLibrary suites;
    private final Path defaultModel;

    /** @param defaultModel the model a spec without one runs, or {@code null} */
    CatalogJson(Catalog catalog, SuiteLibrary suites, Path defaultModel) {
        this.catalog = catalog;
        this.suites = suites;
        this.defaultModel = defaultModel;
    }

    Map<String, Object> build() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backends", entries(ServiceProperties.KIND_BACKEND));
        m.put("kv", entries(ServiceProperties.KIND_KV));
        m.put("benchmarks", entries(ServiceProperties.KIND_BENCHMARK));
        m.put("judges", entries(ServiceProperties.KIND_JUDGE));
        List<Map<String, Object>> suiteList = new ArrayList<>();
        for (Suite s : suites.list()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("description", s.description());
            e.put("spec", s.specFields());
            suiteList.add(e);
        }
        m.put("suites", suiteList);
        m.put("models", models());
        return m;
    }

    /** Main metric of a task (its first declared one) and the rest, for the sample browser. */
    List<String> metrics(String benchmark, String task) {
        for (ServiceEntry e : catalog.services(ServiceProperties.KIND_BENCHMARK)) {
            if (e.id().equals(benchmark) && e.benchmark() != null) {
                return e.benchmark().task(task).map(TaskInfo::metrics).orElse(List.of());
            }
        }
        return List.of();
    }

    private List<Map<String, Object>> entries(String kind) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ServiceEntry e : catalog.services(kind)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("bundle", e.bundle());
            m.put("version", e.bundleVersion());
            m.put("description", e.description());
            if (kind.equals(ServiceProperties.KIND_KV)) {
                m.put("parameters", e.parameters());
            }
            if (e.benchmark() != null) {
                m.put("tasks", e.benchmark().tasks());
            }
            list.add(m);
        }
        return list;
    }

    /**
     * The default model first, then the other model files and folders beside it (GGUF files,
     * folders with a {@code config.json} or a {@code tokenizer.json}), by name.
     */
    private List<Map<String, Object>> models() {
        List<Map<String, Object>> list = new ArrayList<>();
        if (defaultModel == null) {
            return list;
        }
        list.add(model(defaultModel, true));
        Path folder = defaultModel.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return list;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> !p.equals(defaultModel.toAbsolutePath()) && isModel(p)).sorted()
                    .forEach(p -> list.add(model(p, false)));
        } catch (IOException e) {
            // the default model alone is still a valid offer
        }
        return list;
    }

    private static boolean isModel(Path p) {
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("config.json")) || Files.isRegularFile(p.resolve("tokenizer.json"));
        }
        return p.getFileName().toString().endsWith(".gguf");
    }

    private static Map<String, Object> model(Path p, boolean isDefault) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.getFileName().toString());
        m.put("path", p.toAbsolutePath().toString());
        m.put("default", isDefault);
        return m;
    }
}
