package org.longscope.nativeengine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/**
 * Turns a tiktoken rank file ({@code base64-token rank} per line) into a byte-level BPE vocabulary with
 * merges, as transformers' {@code TikTokenConverter} does, and writes it either as a GGUF vocabulary or
 * as a Hugging Face {@code tokenizer.json}. The project ships GPT-2's r50k ranks (from jtokkit, MIT)
 * this way as the tokenizer of its synthetic models, with ChatML tokens added for chat templates.
 */
public final class TiktokenVocabulary {
    /** Where the r50k (GPT-2) rank file lives on the class path (embedded from jtokkit). */
    public static final String R50K_RESOURCE = "com/knuddels/jtokkit/r50k_base.tiktoken";

    private final String[] tokens; // byte-level strings by id
    private final List<String> merges;
    private final List<String> added;

    private TiktokenVocabulary(String[] tokens, List<String> merges, List<String> added) {
        this.tokens = tokens;
        this.merges = merges;
        this.added = added;
    }

    /** GPT-2's r50k vocabulary plus {@code <|endoftext|>}, {@code <|im_start|>} and {@code <|im_end|>}. */
    public static TiktokenVocabulary gpt2WithChatTokens() {
        InputStream in = TiktokenVocabulary.class.getClassLoader().getResourceAsStream(R50K_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the r50k rank file " + R50K_RESOURCE + " is not on the class path");
        }
        try (in) {
            return fromRanks(in, R50K_RESOURCE, List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TiktokenVocabulary fromRanks(InputStream rankFile, String location, List<String> addedTokens) throws IOException {
        Map<String, Integer> ranks = new HashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(rankFile, StandardCharsets.US_ASCII));
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) {
                throw new InvalidInputException(location + ":" + lineNo, "expected 'base64-token rank'");
            }
            byte[] bytes = Base64.getDecoder().decode(parts[0]);
            ranks.put(byteLevel(bytes), Integer.parseInt(parts[1]));
        }
        String[] tokens = new String[ranks.size() + addedTokens.size()];
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= ranks.size()) {
                throw new InvalidInputException(location, "rank " + e.getValue() + " is outside 0.." + (ranks.size() - 1));
            }
            tokens[e.getValue()] = e.getKey();
        }
        for (int i = 0; i < addedTokens.size(); i++) {
            tokens[ranks.size() + i] = addedTokens.get(i);
        }
        // every split of a token into two tokens is a merge, ordered by the merged token's rank
        record Merge(String left, String right, int rank, int leftRank, int rightRank) {
        }
        List<Merge> found = new ArrayList<>();
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            String t = e.getKey();
            for (int i = 1; i < t.length(); i++) {
                Integer l = ranks.get(t.substring(0, i));
                Integer rr = ranks.get(t.substring(i));
                if (l != null && rr != null) {
                    found.add(new Merge(t.substring(0, i), t.substring(i), e.getValue(), l, rr));
                }
            }
        }
        found.sort(Comparator.comparingInt(Merge::rank).thenComparingInt(Merge::leftRank).thenComparingInt(Merge::rightRank));
        List<String> merges = new ArrayList<>(found.size());
        for (Merge m : found) {
            merges.add(m.left() + " " + m.right());
        }
        return new TiktokenVocabulary(tokens, merges, List.copyOf(addedTokens));
    }

    private static String byteLevel(byte[] bytes) {
        char[] c = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            c[i] = ByteLevel.charOf(bytes[i] & 0xff);
        }
        return new String(c);
    }

    public int size() {
        return tokens.length;
    }

    public int idOf(String addedToken) {
        int i = added.indexOf(addedToken);
        return i < 0 ? -1 : tokens.length - added.size() + i;
    }

    /** The GGUF form, padded with unused tokens to {@code vocabSize} rows. */
    public GgufVocabulary toGguf(int vocabSize) {
        int n = Math.max(vocabSize, tokens.length);
        String[] all = new String[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            if (i < tokens.length) {
                all[i] = tokens[i];
                types[i] = i >= tokens.length - added.size() ? GgufVocabulary.CONTROL : GgufVocabulary.NORMAL;
            } else {
                all[i] = "[PAD" + i + "]";
                types[i] = GgufVocabulary.UNUSED;
            }
        }
        int eos = idOf("<|im_end|>") >= 0 ? idOf("<|im_end|>") : idOf("<|endoftext|>");
        return new GgufVocabulary("gpt2", PreTokenizer.GPT2.ggufName(), all, types, null, merges.toArray(String[]::new),
                idOf("<|endoftext|>"), eos, -1, -1, idOf("<|endoftext|>"), false, false, false);
    }

    /** The Hugging Face {@code tokenizer.json} of the same vocabulary (GPT-2's byte-level pipeline). */
    public String toTokenizerJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode addedNodes = root.putArray("added_tokens");
        for (String a : added) {
            ObjectNode t = addedNodes.addObject();
            t.put("id", idOf(a));
            t.put("content", a);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "ByteLevel");
        post.put("add_prefix_space", false);
        post.put("trim_offsets", false);
        post.put("use_regex", true);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", false);
        dec.put("trim_offsets", true);
        dec.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.length - added.size(); i++) {
            vocab.put(tokens[i], i);
        }
        ArrayNode m = model.putArray("merges");
        for (String merge : merges) {
            m.add(merge);
        }
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A matching {@code tokenizer_config.json} with a ChatML template. */
    public String toTokenizerConfigJson(String chatTemplate) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        root.put("add_bos_token", false);
        root.put("bos_token", "<|endoftext|>");
        root.put("eos_token", "<|im_end|>");
        root.put("pad_token", "<|endoftext|>");
        root.put("chat_template", chatTemplate);
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
