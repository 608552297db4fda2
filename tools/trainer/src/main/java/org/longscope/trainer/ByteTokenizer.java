package org.longscope.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped model's tokenizer: one token per UTF-8 byte (ids 0-255) plus special tokens, written
 * as a standard byte-level BPE {@code tokenizer.json} without merges, so that every loader (Hugging
 * Face tokenizers, DJL, the native engine's GGUF vocabulary) reads it like any Hugging Face model.
 * The trainer encodes with {@link #bytes(String)} and the special ids directly; a test checks that
 * this equals what the Hugging Face tokenizer makes of the rendered chat template.
 */
public final class ByteTokenizer {
    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int PAD = 258;
    public static final int SYSTEM = 259;
    public static final int USER = 260;
    public static final int ASSISTANT = 261;
    /** End of a chat turn: generation stops here. */
    public static final int END = 262;
    public static final int VOCAB_SIZE = 263;

    /** Special tokens in id order from 256. */
    public static final List<String> SPECIALS = List.of("<s>", "</s>", "<pad>", "<|system|>", "<|user|>",
            "<|assistant|>", "<|end|>");

    /** The chat template: each turn is {@code <|role|>\n content <|end|>\n}, after BOS. */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{{ '<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    private ByteTokenizer() {
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** GPT-2's reversible byte-to-character map, which byte-level BPE vocabularies are written in. */
    static char byteChar(int b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
            return (char) b;
        }
        int n = 0;
        for (int c = 0; c < b; c++) {
            if (!((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF))) {
                n++;
            }
        }
        return (char) (256 + n);
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} (for a model of that context) into {@code dir}. */
    public static void write(Path dir, int contextLength) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", 256 + i);
            t.put("content", SPECIALS.get(i));
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
        pre.put("trim_offsets", false);
        pre.put("use_regex", false);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode specialTokens = post.putObject("special_tokens");
        ObjectNode bos = specialTokens.putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(BOS);
        bos.putArray("tokens").add("<s>");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", false);
        decoder.put("trim_offsets", false);
        decoder.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(byteChar(b)), b);
        }
        model.putArray("merges");
        Files.writeString(dir.resolve("tokenizer.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));

        ObjectNode config = json.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", "<s>");
        config.put("eos_token", "<|end|>");
        config.put("pad_token", "<pad>");
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        config.put("model_max_length", contextLength);
        config.put("clean_up_tokenization_spaces", false);
        ObjectNode decoderTokens = config.putObject("added_tokens_decoder");
        for (int i = 0; i < SPECIALS.size(); i++) {
            ObjectNode t = decoderTokens.putObject(String.valueOf(256 + i));
            t.put("content", SPECIALS.get(i));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        config.put("chat_template", CHAT_TEMPLATE);
        Files.writeString(dir.resolve("tokenizer_config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    /** Writes {@code generation_config.json}: greedy, stop at end of turn or EOS. */
    public static void writeGenerationConfig(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode g = json.createObjectNode();
        g.put("bos_token_id", BOS);
        g.putArray("eos_token_id").add(END).add(EOS);
        g.put("pad_token_id", PAD);
        g.put("do_sample", false);
        Files.writeString(dir.resolve("generation_config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(g));
    }
}
