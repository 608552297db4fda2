package org.longscope.nativeengine.safetensors;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hugging Face tensor names of Llama-family checkpoints and their canonical (GGUF) names. */
public final class HfNames {
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final Map<String, String> GLOBAL = Map.of(
            "model.embed_tokens.weight", "token_embd.weight",
            "model.norm.weight", "output_norm.weight",
            "lm_head.weight", "output.weight",
            "score.weight", "score.weight");
    private static final Map<String, String> PER_LAYER = Map.ofEntries(
            Map.entry("input_layernorm.weight", "attn_norm.weight"),
            Map.entry("self_attn.q_proj.weight", "attn_q.weight"),
            Map.entry("self_attn.k_proj.weight", "attn_k.weight"),
            Map.entry("self_attn.v_proj.weight", "attn_v.weight"),
            Map.entry("self_attn.o_proj.weight", "attn_output.weight"),
            Map.entry("self_attn.q_proj.bias", "attn_q.bias"),
            Map.entry("self_attn.k_proj.bias", "attn_k.bias"),
            Map.entry("self_attn.v_proj.bias", "attn_v.bias"),
            Map.entry("self_attn.q_norm.weight", "attn_q_norm.weight"),
            Map.entry("self_attn.k_norm.weight", "attn_k_norm.weight"),
            Map.entry("post_attention_layernorm.weight", "ffn_norm.weight"),
            Map.entry("mlp.gate_proj.weight", "ffn_gate.weight"),
            Map.entry("mlp.up_proj.weight", "ffn_up.weight"),
            Map.entry("mlp.down_proj.weight", "ffn_down.weight"));

    private HfNames() {
    }

    /** The canonical name, or {@code null} for tensors the engine does not use (e.g. rotary inv_freq buffers). */
    public static String canonical(String hfName) {
        String g = GLOBAL.get(hfName);
        if (g != null) {
            return g;
        }
        Matcher m = LAYER.matcher(hfName);
        if (m.matches()) {
            String suffix = PER_LAYER.get(m.group(2));
            return suffix == null ? null : "blk." + m.group(1) + "." + suffix;
        }
        return null;
    }

    /** The Hugging Face name of a canonical name (for writers). */
    public static String huggingFace(String canonical) {
        for (Map.Entry<String, String> e : GLOBAL.entrySet()) {
            if (e.getValue().equals(canonical)) {
                return e.getKey();
            }
        }
        if (canonical.startsWith("blk.")) {
            int dot = canonical.indexOf('.', 4);
            String layer = canonical.substring(4, dot);
            String suffix = canonical.substring(dot + 1);
            for (Map.Entry<String, String> e : PER_LAYER.entrySet()) {
                if (e.getValue().equals(suffix)) {
                    return "model.layers." + layer + "." + e.getKey();
                }
            }
        }
        throw new IllegalArgumentException("no Hugging Face name for " + canonical);
    }
}
