package org.longscope.nativeengine.model;

import java.nio.file.Path;
import java.util.Map;
import org.longscope.api.model.Tokenizer;

/**
 * A model file (GGUF) or Hugging Face directory, mapped and validated: what the engine needs to
 * run it. Tensors are under canonical GGUF names ({@code token_embd.weight}, {@code output_norm.weight},
 * {@code output.weight}, {@code blk.N.attn_norm.weight}, {@code blk.N.attn_q.weight},
 * {@code blk.N.attn_k.weight}, {@code blk.N.attn_v.weight}, {@code blk.N.attn_output.weight},
 * {@code blk.N.attn_q.bias} ..., {@code blk.N.attn_q_norm.weight}, {@code blk.N.attn_k_norm.weight},
 * {@code blk.N.ffn_norm.weight}, {@code blk.N.ffn_gate.weight}, {@code blk.N.ffn_up.weight},
 * {@code blk.N.ffn_down.weight}, {@code rope_freqs.weight}, {@code score.weight}) whatever the source.
 *
 * <p>Closing it unmaps the files: tensors must not be used afterwards.
 */
public interface LoadedModel extends AutoCloseable {

    /** The file or directory it was loaded from. */
    Path source();

    ModelConfig config();

    /** Tensors by canonical name. */
    Map<String, Tensor> tensors();

    Tokenizer tokenizer();

    /** The Jinja chat template, or {@code null}. */
    String chatTemplate();

    /** BOS token text, or {@code null}. */
    String bosToken();

    /** EOS token text, or {@code null}. */
    String eosToken();

    /** Token ids that end generation (EOS and end-of-turn tokens). */
    int[] stopTokenIds();

    /** Whether the tokenizer adds BOS when encoding with special tokens. */
    boolean addBos();

    /** Free-form facts for reports (file size, dtype mix, tokenizer kind). */
    Map<String, Object> details();

    @Override
    void close();
}
