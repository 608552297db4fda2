package org.longscope.nativeengine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.gguf.GgufArray;
import org.longscope.nativeengine.gguf.GgufFile;
import org.longscope.nativeengine.gguf.GgufValue;
import org.longscope.nativeengine.gguf.GgufValueType;
import org.longscope.nativeengine.gguf.GgufWriter;

/**
 * A vocabulary as GGUF stores it ({@code tokenizer.ggml.*}): token strings by id, their types and
 * scores, BPE merges, and the special token ids.
 *
 * @param model          {@code gpt2} (byte-level BPE) or {@code llama} (SentencePiece)
 * @param pre            {@code tokenizer.ggml.pre}, or {@code null}
 * @param tokens         token text by id
 * @param tokenTypes     {@link #NORMAL}, {@link #CONTROL} ... by id, or {@code null} (all normal)
 * @param scores         SentencePiece scores by id, or {@code null}
 * @param merges         BPE merges "left right" in rank order ({@code gpt2} only), or {@code null}
 * @param bosId          BOS id or -1
 * @param eosId          EOS id or -1
 * @param eotId          end-of-turn id or -1
 * @param unkId          unknown-token id or -1
 * @param padId          padding id or -1
 * @param addBos         whether encoding with special tokens starts with BOS
 * @param addEos         whether encoding with special tokens ends with EOS
 * @param addSpacePrefix SentencePiece: prefix the text with a space
 */
public record GgufVocabulary(String model, String pre, String[] tokens, int[] tokenTypes, float[] scores,
        String[] merges, int bosId, int eosId, int eotId, int unkId, int padId, boolean addBos, boolean addEos,
        boolean addSpacePrefix) {

    public static final int NORMAL = 1;
    public static final int UNKNOWN = 2;
    public static final int CONTROL = 3;
    public static final int USER_DEFINED = 4;
    public static final int UNUSED = 5;
    public static final int BYTE = 6;

    public int size() {
        return tokens.length;
    }

    public int type(int id) {
        return tokenTypes == null ? NORMAL : tokenTypes[id];
    }

    /** Reads {@code tokenizer.ggml.*} from a GGUF file; names the key when something is missing or inconsistent. */
    public static GgufVocabulary read(GgufFile f) {
        String where = f.path().toString();
        String model = f.requireString("tokenizer.ggml.model");
        GgufArray tokenArray = f.optArray("tokenizer.ggml.tokens", GgufValueType.STRING);
        if (tokenArray == null) {
            throw new InvalidInputException(where + ": metadata tokenizer.ggml.tokens", "required key is missing");
        }
        String[] tokens = (String[]) tokenArray.values();
        int[] types = null;
        GgufArray typeArray = f.optArray("tokenizer.ggml.token_type", GgufValueType.INT32);
        if (typeArray != null) {
            types = (int[]) typeArray.values();
            checkLength(where, "tokenizer.ggml.token_type", types.length, tokens.length);
        }
        float[] scores = null;
        GgufArray scoreArray = f.optArray("tokenizer.ggml.scores", GgufValueType.FLOAT32);
        if (scoreArray != null) {
            scores = (float[]) scoreArray.values();
            checkLength(where, "tokenizer.ggml.scores", scores.length, tokens.length);
        }
        String[] merges = null;
        GgufArray mergeArray = f.optArray("tokenizer.ggml.merges", GgufValueType.STRING);
        if (mergeArray != null) {
            merges = (String[]) mergeArray.values();
        }
        boolean spm = model.equals("llama");
        if (!spm && !model.equals("gpt2")) {
            throw new InvalidInputException(where + ": metadata tokenizer.ggml.model",
                    "unsupported tokenizer model '" + model + "', expected gpt2 or llama");
        }
        if (!spm && merges == null) {
            throw new InvalidInputException(where + ": metadata tokenizer.ggml.merges", "required for a gpt2 (BPE) vocabulary");
        }
        if (spm && scores == null) {
            throw new InvalidInputException(where + ": metadata tokenizer.ggml.scores", "required for a llama (SentencePiece) vocabulary");
        }
        return new GgufVocabulary(model, f.optString("tokenizer.ggml.pre"), tokens, types, scores, merges,
                tokenId(f, "tokenizer.ggml.bos_token_id", tokens.length, spm ? 1 : -1),
                tokenId(f, "tokenizer.ggml.eos_token_id", tokens.length, spm ? 2 : -1),
                tokenId(f, "tokenizer.ggml.eot_token_id", tokens.length, -1),
                tokenId(f, "tokenizer.ggml.unknown_token_id", tokens.length, spm ? 0 : -1),
                tokenId(f, "tokenizer.ggml.padding_token_id", tokens.length, -1),
                bool(f, "tokenizer.ggml.add_bos_token", spm || defaultsToBos(f.optString("tokenizer.ggml.pre"))),
                bool(f, "tokenizer.ggml.add_eos_token", false),
                bool(f, "tokenizer.ggml.add_space_prefix", spm));
    }

    /** llama.cpp's default when a file has no add_bos_token: BOS for Llama 3 style vocabularies. */
    private static boolean defaultsToBos(String pre) {
        return pre != null && List.of("llama3", "llama-v3", "llama-bpe", "smaug-bpe").contains(pre);
    }

    private static void checkLength(String where, String key, int found, int expected) {
        if (found != expected) {
            throw new InvalidInputException(where + ": metadata " + key, "has " + found + " entries, expected one per token (" + expected + ")");
        }
    }

    private static int tokenId(GgufFile f, String key, int vocabSize, int fallback) {
        Long id = f.optLong(key);
        if (id == null) {
            return fallback < vocabSize ? fallback : -1;
        }
        if (id < 0 || id >= vocabSize) {
            throw new InvalidInputException(f.path() + ": metadata " + key, "token id " + id + " is outside the vocabulary of " + vocabSize);
        }
        return id.intValue();
    }

    private static boolean bool(GgufFile f, String key, boolean fallback) {
        Boolean b = f.optBool(key);
        return b == null ? fallback : b;
    }

    /** Writes the vocabulary as {@code tokenizer.ggml.*} metadata. */
    public void writeTo(GgufWriter w) {
        w.put("tokenizer.ggml.model", model);
        if (pre != null) {
            w.put("tokenizer.ggml.pre", pre);
        }
        w.put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.STRING, tokens));
        if (tokenTypes != null) {
            w.put("tokenizer.ggml.token_type", GgufValue.array(GgufValueType.INT32, tokenTypes));
        }
        if (scores != null) {
            w.put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, scores));
        }
        if (merges != null) {
            w.put("tokenizer.ggml.merges", GgufValue.array(GgufValueType.STRING, merges));
        }
        putId(w, "tokenizer.ggml.bos_token_id", bosId);
        putId(w, "tokenizer.ggml.eos_token_id", eosId);
        putId(w, "tokenizer.ggml.eot_token_id", eotId);
        putId(w, "tokenizer.ggml.unknown_token_id", unkId);
        putId(w, "tokenizer.ggml.padding_token_id", padId);
        w.putBool("tokenizer.ggml.add_bos_token", addBos);
        w.putBool("tokenizer.ggml.add_eos_token", addEos);
        if (model.equals("llama")) {
            w.putBool("tokenizer.ggml.add_space_prefix", addSpacePrefix);
        }
    }

    private static void putId(GgufWriter w, String key, int id) {
        if (id >= 0) {
            w.putUint32(key, id);
        }
    }

    /** Ids that end generation: EOS, end-of-turn, and control tokens conventionally used as such. */
    public int[] stopTokenIds() {
        List<Integer> ids = new ArrayList<>();
        if (eosId >= 0) ids.add(eosId);
        if (eotId >= 0 && eotId != eosId) ids.add(eotId);
        for (int i = 0; i < tokens.length; i++) {
            if (type(i) == CONTROL && !ids.contains(i) && isEndOfGeneration(tokens[i])) {
                ids.add(i);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The end-of-generation token texts llama.cpp recognises ({@code llama_vocab::load}). */
    static boolean isEndOfGeneration(String t) {
        return switch (t) {
            case "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<|eom_id|>",
                    "<EOT>" -> true;
            default -> false;
        };
    }
}
