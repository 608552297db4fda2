package org.longscope.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.djl.llama.LlamaConfig;
import org.longscope.djl.llama.LlamaModel;

/**
 * The trainer's command line: {@code --name value} pairs with defaults that train the shipped model.
 * Everything that changes the result is an option and is stored in the checkpoint, so a resumed
 * run refuses different settings.
 */
public record TrainerOptions(Map<String, String> values) {

    /** Defaults: the shipped model's shape, optimizer and schedule, and the data of its last stage (tools/trainer/train-shipped.sh runs all stages). */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("out", "models/longscope-byte-llama");
        d.put("repo", ".");
        d.put("seed", "20261129");
        d.put("layers", "4");
        d.put("hidden", "128");
        d.put("heads", "4");
        d.put("kv-heads", "2");
        d.put("ffn", "384");
        d.put("context", "2048");
        d.put("rope-theta", "10000");
        d.put("steps", "4200");
        d.put("stop-after", "0");
        d.put("tokens-per-step", "4096");
        d.put("lengths", "512,1024,2048");
        d.put("length-weights", "3,2,1");
        d.put("context-weight", "1");
        d.put("answer-weight", "8");
        d.put("retrieval-share", "0.6");
        d.put("copy-share", "0");
        d.put("recalls", "4");
        d.put("repeat-share", "0.15");
        d.put("depth-power", "1");
        d.put("attention-chunk", String.valueOf(LlamaModel.DEFAULT_ATTENTION_CHUNK));
        d.put("task-weights", "0.3,0.6,0.05,0.05");
        d.put("lr", "3e-3");
        d.put("min-lr-ratio", "0.1");
        d.put("warmup", "100");
        d.put("weight-decay", "0.1");
        d.put("clip", "1.0");
        d.put("held-out-addresses", "4");
        d.put("log-every", "10");
        d.put("checkpoint-every", "50");
        d.put("eval-every", "250");
        d.put("safetensors-dtype", "f32");
        d.put("gguf-dtype", "f16");
        d.put("device", "cpu");
        return Map.copyOf(d);
    }

    /**
     * Options that may differ between a run and its resumption: bookkeeping, the schedule's length,
     * and the data mix (a later stage of a curriculum: resume with more weight on retrieval).
     */
    static final java.util.Set<String> RESUMABLE = java.util.Set.of("out", "repo", "steps", "stop-after", "log-every",
            "checkpoint-every", "eval-every", "safetensors-dtype", "gguf-dtype", "device", "retrieval-share",
            "answer-weight", "context-weight", "copy-share", "repeat-share", "task-weights", "recalls", "lengths", "length-weights",
            "attention-chunk", "depth-power");

    public static TrainerOptions parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(new java.util.TreeMap<>(DEFAULTS));
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--resume") || flag.equals("--export-only")) {
                v.put(flag.substring(2), "true");
                continue;
            }
            if (!flag.startsWith("--") || !DEFAULTS.containsKey(flag.substring(2))) {
                throw new InvalidInputException(flag, "unknown option; expected --resume, --export-only or one of "
                        + DEFAULTS.keySet().stream().sorted().map(k -> "--" + k).toList());
            }
            if (i + 1 >= args.length) {
                throw new InvalidInputException(flag, "missing value");
            }
            v.put(flag.substring(2), args[++i]);
        }
        TrainerOptions o = new TrainerOptions(Map.copyOf(v));
        o.config(); // validates the shape
        o.lengths();
        o.lengthWeights();
        o.integer("attention-chunk");
        double depthPower = o.number("depth-power");
        if (!(depthPower > 0 && depthPower <= 8)) {
            throw new InvalidInputException("--depth-power", "expected a number in (0, 8], found '" + o.string("depth-power") + "'");
        }
        return o;
    }

    String string(String key) {
        return values.get(key);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    int integer(String key) {
        try {
            int n = Integer.parseInt(values.get(key).trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + key, "expected a non-negative integer, found '" + values.get(key) + "'");
        }
    }

    double number(String key) {
        try {
            return Double.parseDouble(values.get(key).trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + key, "expected a number, found '" + values.get(key) + "'");
        }
    }

    Path out() {
        return Path.of(values.get("out"));
    }

    int[] lengths() {
        int[] lengths;
        try {
            lengths = Arrays.stream(values.get("lengths").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--lengths", "expected comma-separated token counts, found '" + values.get("lengths") + "'");
        }
        for (int l : lengths) {
            if (l < 16 || l > integer("context")) {
                throw new InvalidInputException("--lengths", "each length must be in [16, --context], found " + l);
            }
        }
        return lengths;
    }

    /** Relative frequency of pass keys, single needles, multi-key and multi-value needles among retrieval sequences. */
    double[] taskWeights() {
        double[] w;
        try {
            w = Arrays.stream(values.get("task-weights").split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            w = new double[0];
        }
        if (w.length != 4 || Arrays.stream(w).anyMatch(x -> !(x >= 0)) || Arrays.stream(w).sum() <= 0) {
            throw new InvalidInputException("--task-weights", "expected 4 non-negative numbers, not all zero (pass key, "
                    + "single needle, multi-key, multi-value), found '" + values.get("task-weights") + "'");
        }
        return w;
    }

    /** Relative frequency of each of {@link #lengths()} among the steps (a step costs more the longer it is). */
    double[] lengthWeights() {
        if (values.get("length-weights").equals(DEFAULTS.get("length-weights"))
                && !values.get("lengths").equals(DEFAULTS.get("lengths"))) {
            double[] equal = new double[lengths().length]; // other --lengths without their own weights: equal
            Arrays.fill(equal, 1);
            return equal;
        }
        double[] weights;
        try {
            weights = Arrays.stream(values.get("length-weights").split(",")).map(String::trim).mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--length-weights", "expected comma-separated numbers, found '"
                    + values.get("length-weights") + "'");
        }
        if (weights.length != lengths().length || Arrays.stream(weights).anyMatch(w -> !(w >= 0))
                || Arrays.stream(weights).sum() <= 0) {
            throw new InvalidInputException("--length-weights", "expected one non-negative weight per --lengths entry ("
                    + lengths().length + "), not all zero, found '" + values.get("length-weights") + "'");
        }
        return weights;
    }

    /** Draws a step's sequence length by {@link #lengthWeights()}. */
    int drawLength(java.util.SplittableRandom random) {
        double[] weights = lengthWeights();
        double pick = random.nextDouble() * Arrays.stream(weights).sum();
        int[] lengths = lengths();
        for (int i = 0; i < lengths.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return lengths[i];
            }
        }
        return lengths[lengths.length - 1];
    }

    LlamaConfig config() {
        int hidden = integer("hidden");
        int heads = integer("heads");
        if (heads == 0 || hidden % heads != 0) {
            throw new InvalidInputException("--heads", "expected a divisor of --hidden (" + hidden + "), found " + heads);
        }
        return new LlamaConfig("llama", ByteTokenizer.VOCAB_SIZE, hidden, integer("ffn"), integer("layers"), heads,
                integer("kv-heads"), hidden / heads, integer("context"), 1e-5f, number("rope-theta"), null,
                false, false, false);
    }

    /** The options that define the run, as JSON for the checkpoint and the model card. */
    ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        new java.util.TreeMap<>(values).forEach(o::put);
        return o;
    }
}
