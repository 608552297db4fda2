package org.longscope.nativeengine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.longscope.api.InvalidInputException;

/**
 * Reads a Hugging Face byte-level BPE {@code tokenizer.json} (with its {@code tokenizer_config.json})
 * and converts it to a GGUF vocabulary the way llama.cpp's {@code convert_hf_to_gguf.py} does: tokens
 * by id (gaps filled with {@code [PADn]}), added tokens typed CONTROL (special) or USER_DEFINED, merges
 * as "left right", and the pre-tokenizer recognised from the split regex.
 */
public final class TokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Converts {@code tokenizer.json}; {@code tokenizerConfig} ({@code tokenizer_config.json}) may be
     * null. {@code minVocabSize} pads the vocabulary (a model's embedding may have more rows than tokens).
     */
    public static GgufVocabulary toGgufVocabulary(Path tokenizerJson, Path tokenizerConfig, int minVocabSize) {
        String where = tokenizerJson.toString();
        JsonNode root = readJson(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
            throw new InvalidInputException(where + ": model", "expected a BPE model with a vocab object, found type '"
                    + model.path("type").asText() + "'");
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byId.put(e.getValue().asInt(), e.getKey());
        }
        Set<Integer> special = new HashSet<>();
        Set<Integer> added = new HashSet<>();
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt();
            byId.put(id, t.path("content").asText());
            added.add(id);
            if (t.path("special").asBoolean()) {
                special.add(id);
            }
        }
        int size = Math.max(minVocabSize, byId.isEmpty() ? 0 : byId.lastKey() + 1);
        String[] tokens = new String[size];
        int[] types = new int[size];
        for (int i = 0; i < size; i++) {
            String t = byId.get(i);
            if (t == null) {
                tokens[i] = "[PAD" + i + "]";
                types[i] = GgufVocabulary.UNUSED;
            } else {
                tokens[i] = t;
                types[i] = special.contains(i) ? GgufVocabulary.CONTROL
                        : added.contains(i) ? GgufVocabulary.USER_DEFINED : GgufVocabulary.NORMAL;
            }
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }
        PreTokenizer pre = detectPreTokenizer(root);

        JsonNode config = tokenizerConfig != null && tokenizerConfig.toFile().isFile() ? readJson(tokenizerConfig) : null;
        int bos = idOf(tokens, specialTokenText(config, "bos_token"));
        int eos = idOf(tokens, specialTokenText(config, "eos_token"));
        int pad = idOf(tokens, specialTokenText(config, "pad_token"));
        // without add_bos_token llama.cpp defaults to BOS for Llama 3 vocabularies
        boolean addBos = config != null && config.has("add_bos_token") ? config.path("add_bos_token").asBoolean()
                : bos >= 0 && (pre == PreTokenizer.LLAMA3 || postProcessorAddsBos(root, tokens[bos]));
        int eot = -1;
        for (String candidate : new String[] {"<|eot_id|>", "<|im_end|>"}) {
            int id = idOf(tokens, candidate);
            if (id >= 0 && id != eos) {
                eot = id;
                break;
            }
        }
        return new GgufVocabulary("gpt2", pre.ggufName(), tokens, types, null, merges.toArray(String[]::new),
                bos, eos, eot, -1, pad, addBos, false, false);
    }

    /** The family's split rule, recognised from the {@code Split} regex of the pre-tokenizer. */
    static PreTokenizer detectPreTokenizer(JsonNode root) {
        String text = root.path("pre_tokenizer").toString();
        if (text.contains("\\\\p{N}{1,3}")) {
            return PreTokenizer.LLAMA3;
        }
        if (text.contains("Split") && text.contains("\\\\p{N}|")) {
            return PreTokenizer.QWEN2;
        }
        return PreTokenizer.GPT2;
    }

    private static boolean postProcessorAddsBos(JsonNode root, String bos) {
        return root.path("post_processor").toString().contains("\"" + bos + "\"");
    }

    /** A special token from tokenizer_config.json: a string or an object with "content". */
    static String specialTokenText(JsonNode config, String key) {
        if (config == null) {
            return null;
        }
        JsonNode v = config.path(key);
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject() && v.path("content").isTextual()) {
            return v.path("content").asText();
        }
        return null;
    }

    private static int idOf(String[] tokens, String text) {
        if (text == null) {
            return -1;
        }
        for (int i = tokens.length - 1; i >= 0; i--) {
            if (tokens[i].equals(text)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The chat template of {@code tokenizer_config.json}: a string, or a list of named templates
     * (the one named "default", else the first); {@code null} when absent.
     */
    public static String chatTemplate(Path tokenizerConfig) {
        if (tokenizerConfig == null || !tokenizerConfig.toFile().isFile()) {
            return null;
        }
        JsonNode t = readJson(tokenizerConfig).path("chat_template");
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray()) {
            String first = null;
            for (JsonNode named : t) {
                String template = named.path("template").asText(null);
                if ("default".equals(named.path("name").asText())) {
                    return template;
                }
                if (first == null) {
                    first = template;
                }
            }
            return first;
        }
        return null;
    }
}
