package org.longscope.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.Decoding;
import org.longscope.api.spec.BenchmarkSpec;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.JudgeSpec;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.api.spec.Shard;
import org.longscope.api.spec.Truncation;

/**
 * Reads a {@link RunSpec} from YAML or JSON (or from a map, which is how the CLI turns its flags
 * into the same fields). Every error names the field path and what was expected; unknown fields
 * are errors. The format is documented in {@code docs/spec.md}.
 */
public final class SpecParser {

    static final Set<String> ROOT_FIELDS = Set.of("name", "model", "kv", "benchmarks", "judge", "settings", "concurrency",
            "shard");
    static final Set<String> MODEL_FIELDS = Set.of("backend", "path", "ref", "options");
    static final Set<String> KV_FIELDS = Set.of("id", "params");
    static final Set<String> BENCHMARK_FIELDS = Set.of("id", "tasks", "lengths", "samples", "seed", "params");
    static final Set<String> JUDGE_FIELDS = Set.of("id", "model", "params");
    static final Set<String> SETTINGS_FIELDS = Set.of("chat_template", "no_template_tasks", "truncation",
            "max_length", "strip_thinking", "temperature", "top_k", "top_p", "seed", "template_vars",
            "answer_boundary");

    private static final ObjectMapper YAML = new YAMLMapper();

    private SpecParser() {
    }

    /**
     * Parses a document. YAML is a superset of JSON, so one reader takes both.
     *
     * @param sourceName file name or "request body", used in syntax error messages
     */
    public static RunSpec parse(String document, String sourceName) {
        return parse(document, sourceName, null);
    }

    /**
     * Parses a document; a spec without {@code model} gets {@code defaultModel} (the model the
     * platform ships), or is refused when that is {@code null}.
     */
    public static RunSpec parse(String document, String sourceName, ModelSpec defaultModel) {
        JsonNode root;
        try {
            root = YAML.readTree(document == null ? "" : document);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? sourceName : sourceName + " line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new InvalidInputException(where, "not valid YAML or JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException(sourceName, "expected a run spec, got an empty document");
        }
        return parse(root, defaultModel);
    }

    /** Parses fields given as a map (the CLI's flags), with the same rules as a document. */
    public static RunSpec parse(Map<String, ?> fields) {
        return parse(fields, null);
    }

    /** Parses spec fields built in memory; a missing {@code model} is {@code defaultModel}. */
    public static RunSpec parse(Map<String, ?> fields, ModelSpec defaultModel) {
        return parse((JsonNode) YAML.valueToTree(fields), defaultModel);
    }

    public static RunSpec parse(JsonNode root) {
        return parse(root, null);
    }

    /** Parses a spec tree; a missing {@code model} is {@code defaultModel}, refused when that is {@code null}. */
    public static RunSpec parse(JsonNode root, ModelSpec defaultModel) {
        SpecNode spec = new SpecNode(root, "").requireObject(ROOT_FIELDS);
        String name = spec.field("name").text("run");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw spec.field("name").error("a name of letters, digits, '.', '_' or '-' (at most 64)");
        }
        ModelSpec model = spec.field("model").absent() && defaultModel != null ? defaultModel : model(spec.field("model"), true);
        List<KvMethodSpec> kv = kvMethods(spec.field("kv"));
        SpecNode benchmarkList = spec.field("benchmarks");
        List<BenchmarkSpec> benchmarks = new ArrayList<>();
        for (SpecNode b : benchmarkList.list("benchmark objects")) {
            benchmarks.add(benchmark(b));
        }
        if (benchmarks.isEmpty()) {
            throw benchmarkList.error("a non-empty list of benchmarks like [{id: synthetic, tasks: [passkey]}]");
        }
        JudgeSpec judge = judge(spec.field("judge"));
        EvaluationSettings settings = settings(spec.field("settings"));
        int concurrency = (int) spec.field("concurrency").integer(1, 1, 1024);
        return new RunSpec(name, model, kv, benchmarks, judge, settings, concurrency, shard(spec.field("shard")));
    }

    /** {@code K/N}: the K-th of N slices of the plan. */
    private static Shard shard(SpecNode node) {
        if (node.absent()) {
            return null;
        }
        String text = node.node().isTextual() ? node.node().asText().strip() : "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*/\\s*(\\d{1,6})").matcher(text);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int count = Integer.parseInt(m.group(2));
            if (count >= 1 && index >= 1 && index <= count) {
                return new Shard(index, count);
            }
        }
        throw node.error("K/N with 1 <= K <= N, like \"2/3\" (the K-th of N slices of the plan)");
    }

    private static ModelSpec model(SpecNode node, boolean required) {
        if (node.absent()) {
            if (required) {
                throw node.error("a model like {backend: native, path: model.gguf}");
            }
            return null;
        }
        node.requireObject(MODEL_FIELDS);
        SpecNode path = node.field("path");
        SpecNode ref = node.field("ref");
        if (!path.absent() && !ref.absent()) {
            throw new InvalidInputException(node.path(), "expected one of 'path' and 'ref', got both");
        }
        String reference = path.absent() ? ref.text(null) : path.requiredText();
        if (reference == null) {
            throw new InvalidInputException(node.path() + ".path",
                    "expected a model path or 'ref' (hub id, URL), got nothing");
        }
        return new ModelSpec(node.field("backend").text(null), reference, node.field("options").freeObject());
    }

    private static List<KvMethodSpec> kvMethods(SpecNode node) {
        List<KvMethodSpec> methods = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (SpecNode item : node.list("KV methods like \"snapkv:budget=512\" or {id: snapkv, params: {budget: 512}}")) {
            KvMethodSpec method = kvMethod(item);
            if (!labels.add(method.label())) {
                throw new InvalidInputException(item.path(), "duplicate KV method '" + method.label() + "'");
            }
            methods.add(method);
        }
        return methods;
    }

    private static KvMethodSpec kvMethod(SpecNode item) {
        if (item.node().isTextual()) {
            try {
                return KvMethodSpec.parse(item.node().asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(item.path(), e.getMessage());
            }
        }
        if (item.node().isObject()) {
            item.requireObject(KV_FIELDS);
            String id = item.field("id").requiredText();
            if (!id.matches("[A-Za-z0-9_.-]+")) {
                throw item.field("id").error("a KV method id of letters, digits, '_', '.' or '-'");
            }
            return new KvMethodSpec(id, item.field("params").freeObject());
        }
        throw item.error("a KV method like \"snapkv:budget=512\" or {id: snapkv, params: {budget: 512}}");
    }

    private static BenchmarkSpec benchmark(SpecNode b) {
        if (b.node().isTextual()) {
            return new BenchmarkSpec(b.requiredText(), List.of(), List.of(), 0, 0, Map.of());
        }
        b.requireObject(BENCHMARK_FIELDS);
        String id = b.field("id").requiredText();
        List<String> tasks = new ArrayList<>();
        for (SpecNode t : b.field("tasks").list("task names")) {
            tasks.add(t.requiredText());
        }
        List<Integer> lengths = new ArrayList<>();
        List<Integer> windowPercents = new ArrayList<>();
        for (SpecNode l : b.field("lengths").list("lengths like 4k or 50% (of the model's window)")) {
            if (l.isPercent()) {
                windowPercents.add(l.percent());
            } else {
                lengths.add(l.size());
            }
        }
        int samples = (int) b.field("samples").integer(0, 0, Integer.MAX_VALUE);
        long seed = b.field("seed").integer(0, Long.MIN_VALUE, Long.MAX_VALUE);
        return new BenchmarkSpec(id, tasks, lengths, samples, seed, b.field("params").freeObject(), windowPercents);
    }

    private static JudgeSpec judge(SpecNode node) {
        if (node.absent()) {
            return null;
        }
        if (node.node().isTextual()) {
            // "generative:both_orders=true": the same form as a KV method
            try {
                KvMethodSpec parsed = KvMethodSpec.parse(node.node().asText());
                return new JudgeSpec(parsed.id(), null, parsed.params());
            } catch (IllegalArgumentException e) {
                throw node.error("a judge like \"generative\" or \"likelihood:normalize=true\"");
            }
        }
        node.requireObject(JUDGE_FIELDS);
        return new JudgeSpec(node.field("id").requiredText(), model(node.field("model"), false),
                node.field("params").freeObject());
    }

    private static EvaluationSettings settings(SpecNode node) {
        if (node.absent()) {
            return EvaluationSettings.DEFAULTS;
        }
        node.requireObject(SETTINGS_FIELDS);
        List<String> noTemplate = new ArrayList<>();
        for (SpecNode t : node.field("no_template_tasks").list("task names")) {
            noTemplate.add(t.requiredText());
        }
        SpecNode truncationNode = node.field("truncation");
        Truncation truncation = Truncation.MIDDLE;
        if (!truncationNode.absent()) {
            String text = truncationNode.node().isTextual() ? truncationNode.node().asText().strip() : "";
            try {
                truncation = Truncation.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw truncationNode.error("one of middle, left, right, skip");
            }
        }
        SpecNode maxLengthNode = node.field("max_length");
        int maxLength = maxLengthNode.absent() || (maxLengthNode.node().isNumber() && maxLengthNode.node().asLong() == 0)
                ? 0 : maxLengthNode.size();
        double temperature = node.field("temperature").number(0, 0, 100, "a number >= 0 (0 is greedy)");
        int topK = (int) node.field("top_k").integer(0, 0, Integer.MAX_VALUE);
        double topP = node.field("top_p").number(1, Double.MIN_VALUE, 1, "a number in (0, 1]");
        long seed = node.field("seed").integer(0, Long.MIN_VALUE, Long.MAX_VALUE);
        return new EvaluationSettings(
                node.field("chat_template").bool(true),
                noTemplate,
                truncation,
                maxLength,
                node.field("strip_thinking").bool(true),
                new Decoding(temperature, topK, topP, seed),
                node.field("template_vars").freeObject(),
                node.field("answer_boundary").bool(true));
    }
}
