package org.longscope.nativeengine.loading;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;
import org.longscope.nativeengine.gguf.GgufFile;
import org.longscope.nativeengine.gguf.GgufReader;
import org.longscope.nativeengine.gguf.GgufTensorInfo;
import org.longscope.nativeengine.model.MappedModel;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.ModelValidator;
import org.longscope.nativeengine.model.RopeFrequencies;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.tokenizer.BpeTokenizer;
import org.longscope.nativeengine.tokenizer.GgufVocabulary;
import org.longscope.nativeengine.tokenizer.SentencePieceTokenizer;

/**
 * Opens a GGUF model: config from the {@code <arch>.*} metadata, tensors as slices of the mapped
 * file, the embedded vocabulary as the tokenizer, {@code tokenizer.chat_template} as the template.
 */
public final class GgufModelLoader {
    private GgufModelLoader() {
    }

    public static MappedModel load(java.nio.file.Path path) {
        GgufFile f = GgufReader.open(path);
        try {
            return toModel(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    static MappedModel toModel(GgufFile f) {
        String where = f.path().toString();
        ModelConfig config = config(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (GgufTensorInfo info : f.tensorInfos().values()) {
            tensors.put(info.name(), f.tensor(info, info.name()));
        }
        ModelValidator.validate(where, config, tensors);

        GgufVocabulary vocab = GgufVocabulary.read(f);
        if (vocab.size() > config.vocabSize()) {
            throw new InvalidInputException(where + ": metadata tokenizer.ggml.tokens", vocab.size()
                    + " tokens but the embedding has only " + config.vocabSize() + " rows");
        }
        Tokenizer tokenizer = vocab.model().equals("llama") ? new SentencePieceTokenizer(vocab) : new BpeTokenizer(vocab, where);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", "gguf v" + f.version());
        details.put("fileBytes", f.fileSize());
        details.put("tokenizer", "gguf " + vocab.model() + (vocab.pre() != null ? " (" + vocab.pre() + ")" : ""));
        details.put("dtypes", dtypeMix(tensors));
        Long window = f.optLong(config.architecture() + ".attention.sliding_window");
        if (window != null && window > 0) {
            details.put("slidingWindowIgnored", window);
        }
        String name = f.optString("general.name");
        if (name != null) {
            details.put("name", name);
        }
        return new MappedModel(f.path(), config, tensors, tokenizer, f.optString("tokenizer.chat_template"),
                vocab.bosId() >= 0 ? vocab.tokens()[vocab.bosId()] : null,
                vocab.eosId() >= 0 ? vocab.tokens()[vocab.eosId()] : null,
                vocab.stopTokenIds(), vocab.addBos(), details, List.of(f));
    }

    static Map<String, Long> dtypeMix(Map<String, Tensor> tensors) {
        Map<String, Long> mix = new java.util.TreeMap<>();
        for (Tensor t : tensors.values()) {
            mix.merge(t.type().name(), t.elements(), Long::sum);
        }
        return mix;
    }

    /** Maps {@code <arch>.*} metadata to the config; shapes not in the metadata come from the tensors. */
    public static ModelConfig config(GgufFile f) {
        String where = f.path().toString();
        String arch = f.requireString("general.architecture");
        if (!List.of("llama", "mistral", "qwen2", "qwen3").contains(arch)) {
            throw new InvalidInputException(where + ": metadata general.architecture",
                    "unsupported architecture '" + arch + "', expected llama, mistral, qwen2 or qwen3");
        }
        String p = arch + ".";
        int hidden = f.requireInt(p + "embedding_length", 1);
        int heads = f.requireInt(p + "attention.head_count", 1);
        int kvHeads = f.optInt(p + "attention.head_count_kv", 1, heads);
        int headDim = f.optInt(p + "attention.key_length", 1, hidden / heads);
        GgufTensorInfo embd = f.tensorInfos().get("token_embd.weight");
        if (embd == null) {
            throw new InvalidInputException(where + ": tensor token_embd.weight", "missing");
        }
        int vocab = f.optInt(p + "vocab_size", 1, (int) Math.min(Integer.MAX_VALUE, embd.shape()[0]));
        GgufTensorInfo score = f.tensorInfos().get("score.weight");
        String scaling = f.optString(p + "rope.scaling.type");
        if (scaling != null && !scaling.equals("none")) {
            throw new InvalidInputException(where + ": metadata " + p + "rope.scaling.type", "unsupported RoPE scaling '"
                    + scaling + "' (supported: none, and llama3 through the rope_freqs.weight tensor)");
        }
        Double eps = f.optDouble(p + "attention.layer_norm_rms_epsilon");
        Double theta = f.optDouble(p + "rope.freq_base");
        return new ModelConfig(arch, vocab, hidden,
                f.requireInt(p + "feed_forward_length", 1),
                f.requireInt(p + "block_count", 1),
                heads, kvHeads, headDim,
                f.requireInt(p + "context_length", 1),
                eps != null ? eps.floatValue() : 1e-5f,
                theta != null ? theta : 10000.0,
                null, // llama3 scaling arrives as the rope_freqs.weight tensor (see RopeFrequencies)
                arch.equals("llama") || arch.equals("mistral"), // the converter permuted q/k for interleaved pairs
                f.tensorInfos().containsKey("blk.0.attn_q.bias"),
                f.tensorInfos().containsKey("blk.0.attn_q_norm.weight"),
                !f.tensorInfos().containsKey("output.weight"),
                score == null ? 0 : (int) score.shape()[0]);
    }
}
