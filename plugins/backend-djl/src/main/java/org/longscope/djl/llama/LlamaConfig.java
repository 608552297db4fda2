package org.longscope.djl.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.longscope.api.InvalidInputException;

/**
 * Hyper-parameters of a Llama-family decoder, as Hugging Face's {@code config.json} states them.
 *
 * @param architecture     {@code llama}, {@code mistral}, {@code qwen2} or {@code qwen3} (the {@code model_type})
 * @param vocabSize        rows of the embedding
 * @param hiddenSize       model width
 * @param intermediateSize FFN width
 * @param layers           decoder layers
 * @param heads            query heads
 * @param kvHeads          key/value heads (grouped-query attention when fewer than {@code heads})
 * @param headDim          dimension of one head
 * @param contextLength    {@code max_position_embeddings}
 * @param rmsNormEps       RMSNorm epsilon
 * @param ropeTheta        RoPE base
 * @param ropeScaling      llama3 frequency scaling, or {@code null}
 * @param qkvBias          q/k/v projections have biases (Qwen2, {@code attention_bias})
 * @param qkNorm           per-head RMSNorm of queries and keys before RoPE (Qwen3)
 * @param tiedEmbeddings   the output projection is the embedding matrix
 */
public record LlamaConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int contextLength,
        float rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean qkvBias,
        boolean qkNorm,
        boolean tiedEmbeddings) {

    /** Llama 3.1 frequency smoothing ({@code rope_scaling.rope_type = llama3}). */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalContextLength) {
    }

    public LlamaConfig {
        if (heads % kvHeads != 0) {
            throw new InvalidInputException("num_key_value_heads", "expected a divisor of num_attention_heads ("
                    + heads + "), got " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new InvalidInputException("head_dim", "expected an even head dimension for RoPE, got " + headDim);
        }
    }

    /** Query heads that share one key/value head. */
    public int groups() {
        return heads / kvHeads;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code config.json}; an unsupported or malformed field names the file and the field. */
    public static LlamaConfig read(Path configJson) {
        JsonNode c;
        try {
            c = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(configJson.toString(), "not valid JSON: " + e.getMessage(), e);
        }
        String where = configJson.toString();
        String type = c.path("model_type").asText("");
        if (!type.equals("llama") && !type.equals("mistral") && !type.equals("qwen2") && !type.equals("qwen3")) {
            throw new InvalidInputException(where + ": model_type", "unsupported model type '" + type
                    + "', expected llama, mistral, qwen2 or qwen3");
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new InvalidInputException(where + ": hidden_act", "expected silu, found '" + act + "'");
        }
        int hidden = positive(where, c, "hidden_size", null);
        int heads = positive(where, c, "num_attention_heads", null);
        int kvHeads = positive(where, c, "num_key_value_heads", heads);
        int headDim = c.path("head_dim").isInt() ? c.path("head_dim").asInt() : hidden / heads;
        RopeScaling scaling = null;
        JsonNode rs = c.path("rope_scaling");
        if (rs.isObject()) {
            String rt = rs.path("rope_type").asText(rs.path("type").asText(""));
            if (rt.equals("llama3")) {
                scaling = new RopeScaling(number(where, rs, "factor"), number(where, rs, "low_freq_factor"),
                        number(where, rs, "high_freq_factor"), (int) number(where, rs, "original_max_position_embeddings"));
            } else if (!rt.equals("default")) {
                throw new InvalidInputException(where + ": rope_scaling.rope_type", "unsupported RoPE scaling '" + rt
                        + "', expected llama3 or default");
            }
        }
        // Qwen2 always has q/k/v biases; Llama and Mistral say so with attention_bias
        boolean bias = type.equals("qwen2") || c.path("attention_bias").asBoolean(false);
        return new LlamaConfig(type,
                positive(where, c, "vocab_size", null), hidden,
                positive(where, c, "intermediate_size", null),
                positive(where, c, "num_hidden_layers", null),
                heads, kvHeads, headDim,
                positive(where, c, "max_position_embeddings", 4096),
                (float) c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000.0),
                scaling, bias, type.equals("qwen3"),
                c.path("tie_word_embeddings").asBoolean(false));
    }

    /** This config as Hugging Face's {@code config.json}. */
    public ObjectNode toJson(int bosTokenId, int eosTokenId) {
        ObjectNode c = JSON.createObjectNode();
        String prefix = switch (architecture) {
            case "llama" -> "Llama";
            case "mistral" -> "Mistral";
            case "qwen2" -> "Qwen2";
            default -> "Qwen3";
        };
        c.putArray("architectures").add(prefix + "ForCausalLM");
        c.put("model_type", architecture);
        c.put("vocab_size", vocabSize);
        c.put("hidden_size", hiddenSize);
        c.put("intermediate_size", intermediateSize);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        c.put("head_dim", headDim);
        c.put("max_position_embeddings", contextLength);
        c.put("rms_norm_eps", rmsNormEps);
        c.put("rope_theta", ropeTheta);
        c.put("hidden_act", "silu");
        c.put("attention_bias", qkvBias);
        c.put("tie_word_embeddings", tiedEmbeddings);
        c.put("bos_token_id", bosTokenId);
        c.put("eos_token_id", eosTokenId);
        c.put("torch_dtype", "float32");
        if (ropeScaling != null) {
            ObjectNode rs = c.putObject("rope_scaling");
            rs.put("rope_type", "llama3");
            rs.put("factor", ropeScaling.factor());
            rs.put("low_freq_factor", ropeScaling.lowFreqFactor());
            rs.put("high_freq_factor", ropeScaling.highFreqFactor());
            rs.put("original_max_position_embeddings", ropeScaling.originalContextLength());
        }
        return c;
    }

    /** Writes {@link #toJson} to a file. */
    public void write(Path configJson, int bosTokenId, int eosTokenId) throws IOException {
        Files.writeString(configJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(bosTokenId, eosTokenId)));
    }

    /** RoPE inverse frequency of each rotated pair: {@code theta^(-2i/headDim)}, with llama3 smoothing if configured. */
    public double[] inverseFrequencies() {
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = Math.pow(ropeTheta, -2.0 * i / headDim);
        }
        if (ropeScaling != null) {
            RopeScaling s = ropeScaling;
            double lowFreqWavelen = s.originalContextLength() / s.lowFreqFactor();
            double highFreqWavelen = s.originalContextLength() / s.highFreqFactor();
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowFreqWavelen) {
                    inv[i] /= s.factor();
                } else if (wavelen >= highFreqWavelen) {
                    double smooth = (s.originalContextLength() / wavelen - s.lowFreqFactor())
                            / (s.highFreqFactor() - s.lowFreqFactor());
                    inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    private static int positive(String where, JsonNode c, String key, Integer fallback) {
        JsonNode v = c.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (fallback == null) {
                throw new InvalidInputException(where + ": " + key, "required field is missing");
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
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
