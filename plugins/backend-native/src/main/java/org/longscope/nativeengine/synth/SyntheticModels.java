package org.longscope.nativeengine.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.gguf.GgufWriter;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.RopeFrequencies;
import org.longscope.nativeengine.model.RowSource;
import org.longscope.nativeengine.model.TensorSpec;
import org.longscope.nativeengine.safetensors.HfNames;
import org.longscope.nativeengine.safetensors.SafetensorsWriter;

/**
 * Writes random-weight models of real shapes with a real tokenizer, as a GGUF file or a Hugging Face
 * directory. Weights depend only on (seed, tensor name, row), so the same seed gives the same model
 * in both formats; the GGUF form of a Llama permutes q/k rows for interleaved RoPE exactly as
 * llama.cpp's {@code convert_hf_to_gguf.py} does, so both load to the same logits.
 *
 * <p>Entry point for the CLI: {@link #write(Request)}, or {@link #main(String[])} with
 * {@code --shape S --dtype D --format gguf|hf --out PATH [--seed N] [--labels N]}.
 */
public final class SyntheticModels {

    public enum Format { GGUF, HF }

    /**
     * What to write.
     *
     * @param shape     the model shape
     * @param dtype     storage of the weight matrices (F32, F16, BF16; Q8_0, Q4_0, Q4_K and Q6_K for GGUF only;
     *                  K-quant matrices whose rows are not a multiple of 256 are written as Q8_0)
     * @param format    GGUF file or Hugging Face directory
     * @param out       the .gguf file or the directory to create
     * @param seed      random seed of the weights
     * @param numLabels > 0 writes a {@code *ForSequenceClassification} model with {@code score.weight}
     * @param tokenizer the tokenizer; {@code null} for the built-in GPT-2 tokenizer
     * @param maxShardBytes > 0 splits a Hugging Face model into safetensors shards with an index
     */
    public record Request(ModelShape shape, GgmlType dtype, Format format, Path out, long seed, int numLabels,
            SynthTokenizer tokenizer, long maxShardBytes) {

        public static Request of(ModelShape shape, GgmlType dtype, Format format, Path out, long seed) {
            return new Request(shape, dtype, format, out, seed, 0, null, 0);
        }
    }

    private SyntheticModels() {
    }

    /** Writes the model and returns the path to load it from (the .gguf file or the directory). */
    public static Path write(Request request) {
        ModelShape shape = request.shape();
        if (request.format() == Format.HF && request.dtype() != GgmlType.F32 && request.dtype() != GgmlType.F16
                && request.dtype() != GgmlType.BF16) {
            throw new InvalidInputException("--dtype", request.dtype() + " is GGUF-only; Hugging Face models are f32, f16 or bf16");
        }
        SynthTokenizer tokenizer = request.tokenizer() != null ? request.tokenizer() : SynthTokenizer.builtIn();
        int vocab = shape.vocabSize() > 0 ? Math.max(shape.vocabSize(), tokenizer.size()) : tokenizer.size();
        try {
            if (request.out().getParent() != null) {
                Files.createDirectories(request.out().getParent());
            }
            if (request.format() == Format.GGUF) {
                writeGguf(request, tokenizer, vocab);
            } else {
                writeHf(request, tokenizer, vocab);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + request.out(), e);
        }
        return request.out();
    }

    /** The tensors of a model in canonical names and logical (Hugging Face, rotate-half) row order. */
    static List<TensorSpec> tensors(ModelShape s, int vocab, GgmlType dtype, long seed, int numLabels) {
        List<TensorSpec> t = new ArrayList<>();
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        int h = s.hiddenSize();
        t.add(matrix("token_embd.weight", dtype, seed, vocab, h));
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            t.add(norm(p + "attn_norm.weight", seed, h));
            t.add(matrix(p + "attn_q.weight", dtype, seed, q, h));
            t.add(matrix(p + "attn_k.weight", dtype, seed, kv, h));
            t.add(matrix(p + "attn_v.weight", dtype, seed, kv, h));
            if (s.qkvBias()) {
                t.add(bias(p + "attn_q.bias", seed, q));
                t.add(bias(p + "attn_k.bias", seed, kv));
                t.add(bias(p + "attn_v.bias", seed, kv));
            }
            if (s.qkNorm()) {
                t.add(norm(p + "attn_q_norm.weight", seed, s.headDim()));
                t.add(norm(p + "attn_k_norm.weight", seed, s.headDim()));
            }
            t.add(matrix(p + "attn_output.weight", dtype, seed, h, q));
            t.add(norm(p + "ffn_norm.weight", seed, h));
            t.add(matrix(p + "ffn_gate.weight", dtype, seed, s.intermediateSize(), h));
            t.add(matrix(p + "ffn_up.weight", dtype, seed, s.intermediateSize(), h));
            t.add(matrix(p + "ffn_down.weight", dtype, seed, h, s.intermediateSize()));
        }
        t.add(norm("output_norm.weight", seed, h));
        if (!s.tiedEmbeddings()) {
            t.add(matrix("output.weight", dtype, seed, vocab, h));
        }
        if (numLabels > 0) {
            t.add(matrix("score.weight", dtype.blockSize() > 1 ? GgmlType.F32 : dtype, seed, numLabels, h));
        }
        return t;
    }

    private static TensorSpec matrix(String name, GgmlType dtype, long seed, long rows, long cols) {
        double amplitude = Math.sqrt(3.0 / cols); // uniform with standard deviation 1/sqrt(fan-in)
        // as llama.cpp's quantizer does, rows that do not fill K-quant super-blocks fall back to Q8_0
        GgmlType type = cols % dtype.blockSize() != 0 ? GgmlType.Q8_0 : dtype;
        return new TensorSpec(name, type, new long[] {rows, cols}, uniform(seed, name, 0, amplitude));
    }

    private static TensorSpec norm(String name, long seed, long n) {
        return new TensorSpec(name, GgmlType.F32, new long[] {n}, uniform(seed, name, 1, 0.2));
    }

    private static TensorSpec bias(String name, long seed, long n) {
        return new TensorSpec(name, GgmlType.F32, new long[] {n}, uniform(seed, name, 0, 0.2));
    }

    /** Values center +- amplitude, a pure function of (seed, name, row). */
    static RowSource uniform(long seed, String name, double center, double amplitude) {
        long nameHash = name.hashCode() * 0x9E3779B97F4A7C15L;
        return (row, out) -> {
            SplittableRandom r = new SplittableRandom(seed ^ nameHash ^ (row * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (center + amplitude * (2 * r.nextDouble() - 1));
            }
        };
    }

    /**
     * convert_hf_to_gguf.py's {@code LlamaModel.permute}: within each head, rows (half, i) move to (i, half),
     * turning rotate-half pairs (i, i + d/2) into interleaved pairs (2i, 2i + 1).
     */
    static RowSource permuteForInterleavedRope(RowSource rows, int headDim) {
        return (row, out) -> {
            long head = row / headDim;
            int rem = (int) (row % headDim);
            int i = rem / 2;
            int half = rem % 2;
            rows.row(head * headDim + (long) half * (headDim / 2) + i, out);
        };
    }

    private static void writeGguf(Request r, SynthTokenizer tokenizer, int vocab) {
        ModelShape s = r.shape();
        String arch = s.architecture();
        GgufWriter w = new GgufWriter();
        w.put("general.architecture", arch);
        w.put("general.name", "synthetic " + s.name());
        w.putUint32("general.alignment", 32);
        w.putUint32("general.file_type", fileType(r.dtype()));
        w.putUint32(arch + ".vocab_size", vocab);
        w.putUint32(arch + ".context_length", s.contextLength());
        w.putUint32(arch + ".embedding_length", s.hiddenSize());
        w.putUint32(arch + ".block_count", s.layers());
        w.putUint32(arch + ".feed_forward_length", s.intermediateSize());
        w.putUint32(arch + ".attention.head_count", s.heads());
        w.putUint32(arch + ".attention.head_count_kv", s.kvHeads());
        w.putUint32(arch + ".attention.key_length", s.headDim());
        w.putUint32(arch + ".attention.value_length", s.headDim());
        w.putUint32(arch + ".rope.dimension_count", s.headDim());
        w.putFloat32(arch + ".rope.freq_base", s.ropeTheta());
        w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", s.rmsNormEps());
        tokenizer.gguf(vocab).writeTo(w);
        if (tokenizer.chatTemplate() != null) {
            w.put("tokenizer.chat_template", tokenizer.chatTemplate());
        }
        boolean interleaved = arch.equals("llama") || arch.equals("mistral");
        for (TensorSpec t : tensors(s, vocab, r.dtype(), r.seed(), r.numLabels())) {
            if (interleaved && (t.name().endsWith("attn_q.weight") || t.name().endsWith("attn_k.weight"))) {
                t = new TensorSpec(t.name(), t.type(), t.shape(), permuteForInterleavedRope(t.rows(), s.headDim()));
            }
            w.add(t);
        }
        if (s.ropeScaling() != null) {
            double[] base = RopeFrequencies.baseInverseFrequencies(s.ropeTheta(), s.headDim());
            double[] factors = RopeFrequencies.llama3Factors(s.ropeScaling(), base);
            w.add(new TensorSpec("rope_freqs.weight", GgmlType.F32, new long[] {factors.length}, (row, out) -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) factors[i];
                }
            }));
        }
        w.write(r.out());
    }

    /** llama.cpp's {@code llama_ftype} for a uniform weight type. */
    private static int fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 14;
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> 0;
        };
    }

    private static void writeHf(Request r, SynthTokenizer tokenizer, int vocab) throws IOException {
        ModelShape s = r.shape();
        Path dir = r.out();
        Files.createDirectories(dir);
        List<TensorSpec> specs = new ArrayList<>();
        for (TensorSpec t : tensors(s, vocab, r.dtype(), r.seed(), r.numLabels())) {
            GgmlType type = t.shape().length == 1 ? r.dtype() : t.type(); // HF keeps one dtype for every tensor
            specs.add(new TensorSpec(HfNames.huggingFace(t.name()), type, t.shape(), t.rows()));
        }
        List<List<TensorSpec>> shards = shard(specs, r.maxShardBytes());
        ObjectMapper json = new ObjectMapper();
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve("model.safetensors"), specs);
        } else {
            ObjectNode index = json.createObjectNode();
            long total = 0;
            ObjectNode map = index.putObject("weight_map");
            for (int i = 0; i < shards.size(); i++) {
                String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
                SafetensorsWriter.write(dir.resolve(file), shards.get(i));
                for (TensorSpec t : shards.get(i)) {
                    map.put(t.name(), file);
                    total += t.bytes();
                }
            }
            index.putObject("metadata").put("total_size", total);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), configJson(json, s, vocab, r));
        ObjectNode gen = json.createObjectNode();
        gen.put("do_sample", false);
        int[] stops = tokenizer.gguf(vocab).stopTokenIds();
        ArrayNode eos = gen.putArray("eos_token_id");
        for (int id : stops) {
            eos.add(id);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generation_config.json").toFile(), gen);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizer.tokenizerJson());
        if (tokenizer.tokenizerConfigJson() != null) {
            Files.writeString(dir.resolve("tokenizer_config.json"), tokenizer.tokenizerConfigJson());
        }
    }

    private static List<List<TensorSpec>> shard(List<TensorSpec> specs, long maxShardBytes) {
        List<List<TensorSpec>> shards = new ArrayList<>();
        List<TensorSpec> current = new ArrayList<>();
        long bytes = 0;
        for (TensorSpec t : specs) {
            if (maxShardBytes > 0 && !current.isEmpty() && bytes + t.bytes() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += t.bytes();
        }
        shards.add(current);
        return shards;
    }

    private static ObjectNode configJson(ObjectMapper json, ModelShape s, int vocab, Request r) {
        ObjectNode c = json.createObjectNode();
        String prefix = switch (s.architecture()) {
            case "llama" -> "Llama";
            case "mistral" -> "Mistral";
            case "qwen2" -> "Qwen2";
            case "qwen3" -> "Qwen3";
            default -> throw new IllegalArgumentException(s.architecture());
        };
        c.putArray("architectures").add(prefix + (r.numLabels() > 0 ? "ForSequenceClassification" : "ForCausalLM"));
        c.put("model_type", s.architecture());
        c.put("vocab_size", vocab);
        c.put("hidden_size", s.hiddenSize());
        c.put("intermediate_size", s.intermediateSize());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("head_dim", s.headDim());
        c.put("max_position_embeddings", s.contextLength());
        c.put("rms_norm_eps", s.rmsNormEps());
        c.put("rope_theta", s.ropeTheta());
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", s.tiedEmbeddings());
        c.put("attention_bias", s.qkvBias());
        c.put("torch_dtype", switch (r.dtype()) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> "float32";
        });
        if (s.ropeScaling() != null) {
            ObjectNode rs = c.putObject("rope_scaling");
            rs.put("rope_type", "llama3");
            rs.put("factor", s.ropeScaling().factor());
            rs.put("low_freq_factor", s.ropeScaling().lowFreqFactor());
            rs.put("high_freq_factor", s.ropeScaling().highFreqFactor());
            rs.put("original_max_position_embeddings", s.ropeScaling().originalContextLength());
        }
        if (r.numLabels() > 0) {
            c.put("num_labels", r.numLabels());
            ObjectNode id2label = c.putObject("id2label");
            for (int i = 0; i < r.numLabels(); i++) {
                id2label.put(String.valueOf(i), "LABEL_" + i);
            }
        }
        return c;
    }

    /**
     * Runs {@code longscope model synth} with its arguments ({@code --shape S --dtype D --format gguf|hf
     * --out PATH [--seed N] [--labels N]}) and returns the written path; bad arguments throw
     * {@link InvalidInputException}.
     */
    public static Path run(String... args) {
        return write(parseArgs(args));
    }

    /** {@link #run(String...)} as a program: prints the path, or the error with exit code 2. */
    public static void main(String[] args) {
        try {
            Path out = run(args);
            System.out.println("wrote " + out);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Parses the command line of {@code longscope model synth}. */
    public static Request parseArgs(String[] args) {
        ModelShape shape = null;
        GgmlType dtype = GgmlType.F32;
        Format format = Format.GGUF;
        Path out = null;
        long seed = 42;
        int labels = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new InvalidInputException(flag, "missing value");
            }
            String v = args[++i];
            switch (flag) {
                case "--shape" -> {
                    shape = ModelShape.byName(v);
                    if (shape == null) {
                        throw new InvalidInputException("--shape", "unknown shape '" + v + "', expected one of "
                                + ModelShape.all().stream().map(ModelShape::name).toList());
                    }
                }
                case "--dtype" -> dtype = parseDtype(v);
                case "--format" -> format = switch (v.toLowerCase(Locale.ROOT)) {
                    case "gguf" -> Format.GGUF;
                    case "hf" -> Format.HF;
                    default -> throw new InvalidInputException("--format", "expected gguf or hf, found '" + v + "'");
                };
                case "--out" -> out = Path.of(v);
                case "--seed" -> seed = parseLong("--seed", v);
                case "--labels" -> labels = (int) parseLong("--labels", v);
                default -> throw new InvalidInputException(flag, "unknown option; expected --shape, --dtype, --format, --out, --seed or --labels");
            }
        }
        if (shape == null || out == null) {
            throw new InvalidInputException(shape == null ? "--shape" : "--out", "required");
        }
        return new Request(shape, dtype, format, out, seed, labels, null, 0);
    }

    public static GgmlType parseDtype(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            case "bf16" -> GgmlType.BF16;
            case "q8_0" -> GgmlType.Q8_0;
            case "q4_0" -> GgmlType.Q4_0;
            case "q4_k" -> GgmlType.Q4_K;
            case "q6_k" -> GgmlType.Q6_K;
            default -> throw new InvalidInputException("--dtype", "expected f32, f16, bf16, q8_0, q4_0, q4_k or q6_k, found '" + v + "'");
        };
    }

    private static long parseLong(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag, "expected an integer, found '" + v + "'");
        }
    }
}
