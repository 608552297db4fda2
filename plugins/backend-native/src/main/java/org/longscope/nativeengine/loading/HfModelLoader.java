package org.longscope.nativeengine.loading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.MappedModel;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.ModelValidator;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.safetensors.HfNames;
import org.longscope.nativeengine.safetensors.SafetensorsFile;
import org.longscope.nativeengine.tokenizer.DjlTokenizer;
import org.longscope.nativeengine.tokenizer.TokenizerJson;

/**
 * Opens a Hugging Face model directory: {@code config.json}, one or many {@code *.safetensors} (with
 * {@code model.safetensors.index.json}), {@code tokenizer.json} (through DJL),
 * {@code tokenizer_config.json} (chat template, BOS/EOS) and {@code generation_config.json} (stop ids).
 */
public final class HfModelLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfModelLoader() {
    }

    public static MappedModel load(Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException(dir.toString(), "not a model: no config.json (expected a Hugging Face model directory or a .gguf file)");
        }
        JsonNode configJson = readJson(configFile);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Path file : weightFiles(dir)) {
                SafetensorsFile st = SafetensorsFile.open(file);
                resources.add(st);
                for (Tensor t : st.tensors().values()) {
                    String name = HfNames.canonical(t.name());
                    if (name == null) {
                        continue;
                    }
                    if (tensors.put(name, new Tensor(name, t.type(), t.shape(), t.data())) != null) {
                        throw new InvalidInputException(file + ": tensor " + t.name(), "appears in more than one weight file");
                    }
                }
            }
            ModelConfig config = config(configFile, configJson, tensors);
            ModelValidator.validate(dir.toString(), config, tensors);

            Path tokenizerFile = dir.resolve("tokenizer.json");
            if (!Files.isRegularFile(tokenizerFile)) {
                throw new InvalidInputException(dir.toString(), "no tokenizer.json");
            }
            DjlTokenizer tokenizer = DjlTokenizer.open(tokenizerFile);
            resources.add(tokenizer);
            Path tokenizerConfig = dir.resolve("tokenizer_config.json");
            JsonNode tc = Files.isRegularFile(tokenizerConfig) ? readJson(tokenizerConfig) : JSON.createObjectNode();
            String template = TokenizerJson.chatTemplate(tokenizerConfig);
            Path jinja = dir.resolve("chat_template.jinja");
            if (template == null && Files.isRegularFile(jinja)) {
                template = Files.readString(jinja);
            }
            String bos = tokenText(tc, "bos_token");
            String eos = tokenText(tc, "eos_token");
            Set<Integer> stops = new LinkedHashSet<>();
            addIds(stops, configJson.path("eos_token_id"));
            Path generationConfig = dir.resolve("generation_config.json");
            if (Files.isRegularFile(generationConfig)) {
                addIds(stops, readJson(generationConfig).path("eos_token_id"));
            }
            if (eos != null) {
                int[] ids = tokenizer.encode(eos, false);
                if (ids.length == 1) {
                    stops.add(ids[0]);
                }
            }
            boolean addBos = tc.has("add_bos_token") ? tc.path("add_bos_token").asBoolean()
                    : bos != null && tokenizer.encode("", true).length > 0;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("format", "huggingface safetensors");
            details.put("tokenizer", "tokenizer.json (DJL)");
            details.put("dtypes", dtypeMix(tensors));
            details.put("architectures", configJson.path("architectures").toString());
            JsonNode window = configJson.path("sliding_window");
            if (window.isInt() && configJson.path("use_sliding_window").asBoolean(true)) {
                // the engine attends over the whole context; reported so results can be read with that in mind
                details.put("slidingWindowIgnored", window.asInt());
            }
            return new MappedModel(dir, config, tensors, tokenizer, template, bos, eos,
                    stops.stream().mapToInt(Integer::intValue).toArray(), addBos, details, resources);
        } catch (IOException e) {
            closeAll(resources);
            throw new InvalidInputException(dir.toString(), "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static Map<String, Long> dtypeMix(Map<String, Tensor> tensors) {
        Map<String, Long> mix = new TreeMap<>();
        for (Tensor t : tensors.values()) {
            mix.merge(t.type().name(), t.elements(), Long::sum);
        }
        return mix;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // already failing: the first error is the one reported
            }
        }
    }

    private static void addIds(Set<Integer> ids, JsonNode node) {
        if (node.isInt()) {
            ids.add(node.asInt());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isInt()) {
                    ids.add(n.asInt());
                }
            }
        }
    }

    private static String tokenText(JsonNode tc, String key) {
        JsonNode v = tc.path(key);
        if (v.isTextual()) {
            return v.asText();
        }
        return v.path("content").isTextual() ? v.path("content").asText() : null;
    }

    /** The weight files: those the index names, else every {@code *.safetensors} in the directory. */
    static List<Path> weightFiles(Path dir) throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        Set<Path> files = new TreeSet<>();
        if (Files.isRegularFile(index)) {
            JsonNode map = readJson(index).path("weight_map");
            if (!map.isObject()) {
                throw new InvalidInputException(index + ": weight_map", "expected an object of tensor name -> file");
            }
            for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                String name = it.next().asText();
                Path f = dir.resolve(name).normalize();
                if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                    throw new InvalidInputException(index + ": weight_map", "names weight file '" + name + "' that is not in the directory");
                }
                files.add(f);
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(dir.toString(), "no *.safetensors weight files");
        }
        return new ArrayList<>(files);
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Maps config.json to the config; {@code tensors} settle what the file leaves implicit (biases, tying). */
    public static ModelConfig config(Path file, JsonNode c, Map<String, Tensor> tensors) {
        String where = file.toString();
        String modelType = c.path("model_type").asText("");
        String arch = switch (modelType) {
            case "llama", "mistral", "qwen2", "qwen3" -> modelType;
            default -> throw new InvalidInputException(where + ": model_type", "unsupported model type '" + modelType
                    + "', expected llama, mistral, qwen2 or qwen3");
        };
        int hidden = intField(where, c, "hidden_size", null);
        int heads = intField(where, c, "num_attention_heads", null);
        int kvHeads = intField(where, c, "num_key_value_heads", heads);
        int headDim = c.path("head_dim").isInt() ? c.path("head_dim").asInt() : hidden / heads;
        ModelConfig.RopeScaling scaling = null;
        JsonNode rs = c.path("rope_scaling");
        if (rs.isObject()) {
            String type = rs.path("rope_type").asText(rs.path("type").asText(""));
            if (type.equals("llama3")) {
                scaling = new ModelConfig.RopeScaling(
                        number(where, rs, "factor"), number(where, rs, "low_freq_factor"),
                        number(where, rs, "high_freq_factor"),
                        (int) number(where, rs, "original_max_position_embeddings"));
            } else if (!type.equals("default")) {
                throw new InvalidInputException(where + ": rope_scaling.rope_type", "unsupported RoPE scaling '" + type + "', expected llama3");
            }
        }
        int numLabels = 0;
        String architectures = c.path("architectures").toString();
        if (architectures.contains("ForSequenceClassification")) {
            Tensor score = tensors.get("score.weight");
            numLabels = score != null ? (int) score.shape()[0]
                    : c.path("id2label").isObject() ? c.path("id2label").size() : c.path("num_labels").asInt(2);
        }
        boolean tied = c.path("tie_word_embeddings").asBoolean(false) || !tensors.containsKey("output.weight");
        return new ModelConfig(arch,
                intField(where, c, "vocab_size", null), hidden,
                intField(where, c, "intermediate_size", null),
                intField(where, c, "num_hidden_layers", null),
                heads, kvHeads, headDim,
                intField(where, c, "max_position_embeddings", 4096),
                (float) c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000.0),
                scaling,
                false, // Hugging Face checkpoints use rotate-half
                tensors.containsKey("blk.0.attn_q.bias"),
                tensors.containsKey("blk.0.attn_q_norm.weight"),
                tied, numLabels);
    }

    private static int intField(String where, JsonNode c, String key, Integer fallback) {
        JsonNode v = c.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (fallback == null) {
                throw new InvalidInputException(where + ": " + key, "required field is missing");
            }
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw new InvalidInputException(where + ": " + key, "expected a positive integer, found " + v);
        }
        return v.asInt();
    }

    private static double number(String where, JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (!v.isNumber()) {
            throw new InvalidInputException(where + ": rope_scaling." + key, "expected a number, found " + v);
        }
        return v.asDouble();
    }
}
