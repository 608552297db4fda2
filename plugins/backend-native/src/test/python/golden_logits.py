#!/usr/bin/env python3
"""Independent numpy reference forward pass for the native engine's golden-logits test.

Writes, for each variant, src/test/resources/golden/<variant>/weights.safetensors (F32 tensors
under the engine's canonical GGUF-style names) and reference.txt (config, tokens, expected logits
of every position, and the score head's output when there is one).

The reference follows the Hugging Face modeling code (LlamaForCausalLM, Qwen2ForCausalLM,
Qwen3ForCausalLM): rotate-half RoPE on the original q/k weights, llama3 frequency smoothing as
transformers' _compute_llama3_parameters, grouped-query attention with an explicit causal mask.
The llama_gguf variant stores the same weights as llama_hf with q/k rows permuted the way
llama.cpp's convert_hf_to_gguf.py does for interleaved RoPE, and expects the same logits.

Run from the module folder: python3 src/test/python/golden_logits.py
"""
import json
import math
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")

BASE = dict(vocab=64, hidden=32, ffn=64, layers=2, heads=4, kv_heads=2, head_dim=8, eps=1e-5,
            theta=10000.0, rope_scaling=None, qkv_bias=False, qk_norm=False, tied=False, num_labels=0)

VARIANTS = {
    "llama_hf": dict(BASE, arch="llama", tied=True,
                     rope_scaling=dict(factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                       original_max_position_embeddings=16)),
    "qwen2": dict(BASE, arch="qwen2", qkv_bias=True, theta=1000000.0, eps=1e-6, num_labels=1),
    "qwen3": dict(BASE, arch="qwen3", qk_norm=True, head_dim=16, tied=True, eps=1e-6),
}

TOKENS = [1, 17, 5, 63, 22, 40, 9, 9, 31, 2, 58]


def weights(cfg, seed):
    rng = np.random.default_rng(seed)
    h, f, hd = cfg["hidden"], cfg["ffn"], cfg["head_dim"]
    qd, kvd = cfg["heads"] * hd, cfg["kv_heads"] * hd

    def mat(rows, cols):
        return (rng.standard_normal((rows, cols)) / math.sqrt(cols)).astype(np.float32)

    def norm(n):
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    w = {"token_embd.weight": rng.standard_normal((cfg["vocab"], h)).astype(np.float32)}
    for l in range(cfg["layers"]):
        p = f"blk.{l}."
        w[p + "attn_norm.weight"] = norm(h)
        w[p + "attn_q.weight"] = mat(qd, h)
        w[p + "attn_k.weight"] = mat(kvd, h)
        w[p + "attn_v.weight"] = mat(kvd, h)
        w[p + "attn_output.weight"] = mat(h, qd)
        if cfg["qkv_bias"]:
            w[p + "attn_q.bias"] = (0.1 * rng.standard_normal(qd)).astype(np.float32)
            w[p + "attn_k.bias"] = (0.1 * rng.standard_normal(kvd)).astype(np.float32)
            w[p + "attn_v.bias"] = (0.1 * rng.standard_normal(kvd)).astype(np.float32)
        if cfg["qk_norm"]:
            w[p + "attn_q_norm.weight"] = norm(hd)
            w[p + "attn_k_norm.weight"] = norm(hd)
        w[p + "ffn_norm.weight"] = norm(h)
        w[p + "ffn_gate.weight"] = mat(f, h)
        w[p + "ffn_up.weight"] = mat(f, h)
        w[p + "ffn_down.weight"] = mat(h, f)
    w["output_norm.weight"] = norm(h)
    if not cfg["tied"]:
        w["output.weight"] = mat(cfg["vocab"], h)
    if cfg["num_labels"]:
        w["score.weight"] = mat(cfg["num_labels"], h)
    return w


def inv_freq(cfg):
    hd = cfg["head_dim"]
    f = 1.0 / (cfg["theta"] ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    s = cfg["rope_scaling"]
    if s:
        old = s["original_max_position_embeddings"]
        low_wl = old / s["low_freq_factor"]
        high_wl = old / s["high_freq_factor"]
        wl = 2 * math.pi / f
        scaled = np.where(wl > low_wl, f / s["factor"], f)
        smooth = (old / wl - s["low_freq_factor"]) / (s["high_freq_factor"] - s["low_freq_factor"])
        smoothed = (1 - smooth) * scaled / s["factor"] + smooth * scaled
        medium = ~(wl < high_wl) & ~(wl > low_wl)
        f = np.where(medium, smoothed, scaled)
    return f


def rms(x, w, eps):
    x = x.astype(np.float64)
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def forward(cfg, w, tokens):
    """Logits [T][vocab] of every position and the final normed hidden state [T][hidden]."""
    T, hd, H, KV = len(tokens), cfg["head_dim"], cfg["heads"], cfg["kv_heads"]
    x = w["token_embd.weight"][tokens].astype(np.float64)
    ang = np.outer(np.arange(T, dtype=np.float64), inv_freq(cfg))
    emb = np.concatenate([ang, ang], axis=-1)
    cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(cfg["layers"]):
        p = f"blk.{l}."
        xb = rms(x, w[p + "attn_norm.weight"], cfg["eps"])
        q = xb @ w[p + "attn_q.weight"].T
        k = xb @ w[p + "attn_k.weight"].T
        v = xb @ w[p + "attn_v.weight"].T
        if cfg["qkv_bias"]:
            q, k, v = q + w[p + "attn_q.bias"], k + w[p + "attn_k.bias"], v + w[p + "attn_v.bias"]
        q, k, v = q.reshape(T, H, hd), k.reshape(T, KV, hd), v.reshape(T, KV, hd)
        if cfg["qk_norm"]:
            q = rms(q, w[p + "attn_q_norm.weight"], cfg["eps"])
            k = rms(k, w[p + "attn_k_norm.weight"], cfg["eps"])
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        out = np.zeros((T, H, hd))
        for h in range(H):
            kh = h // (H // KV)
            s = q[:, h, :] @ k[:, kh, :].T / math.sqrt(hd) + mask
            s = np.exp(s - s.max(axis=-1, keepdims=True))
            s /= s.sum(axis=-1, keepdims=True)
            out[:, h, :] = s @ v[:, kh, :]
        x = x + out.reshape(T, H * hd) @ w[p + "attn_output.weight"].T
        xb = rms(x, w[p + "ffn_norm.weight"], cfg["eps"])
        g = xb @ w[p + "ffn_gate.weight"].T
        u = xb @ w[p + "ffn_up.weight"].T
        x = x + ((g / (1 + np.exp(-g))) * u) @ w[p + "ffn_down.weight"].T
    final = rms(x, w["output_norm.weight"], cfg["eps"])
    out_w = w["token_embd.weight"] if cfg["tied"] else w["output.weight"]
    return final @ out_w.T, final


def permute_for_gguf(weight, n_head):
    """llama.cpp convert_hf_to_gguf.py LlamaModel.permute: rotate-half rows to interleaved pairs."""
    return (weight.reshape(n_head, 2, weight.shape[0] // n_head // 2, *weight.shape[1:])
            .swapaxes(1, 2).reshape(weight.shape))


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def write_variant(name, cfg, w, interleaved):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    logits, final = forward(cfg, w, TOKENS)
    stored = dict(w)
    if interleaved:
        for l in range(cfg["layers"]):
            p = f"blk.{l}."
            stored[p + "attn_q.weight"] = permute_for_gguf(w[p + "attn_q.weight"], cfg["heads"])
            stored[p + "attn_k.weight"] = permute_for_gguf(w[p + "attn_k.weight"], cfg["kv_heads"])
    write_safetensors(os.path.join(folder, "weights.safetensors"), stored)
    s = cfg["rope_scaling"]
    lines = [
        f"architecture {cfg['arch']}", f"vocab {cfg['vocab']}", f"hidden {cfg['hidden']}", f"ffn {cfg['ffn']}",
        f"layers {cfg['layers']}", f"heads {cfg['heads']}", f"kv_heads {cfg['kv_heads']}",
        f"head_dim {cfg['head_dim']}", f"eps {cfg['eps']!r}", f"theta {cfg['theta']!r}",
        "rope_scaling " + ("none" if not s else f"{s['factor']!r} {s['low_freq_factor']!r} "
                           f"{s['high_freq_factor']!r} {s['original_max_position_embeddings']}"),
        f"interleaved {str(interleaved).lower()}", f"qkv_bias {str(cfg['qkv_bias']).lower()}",
        f"qk_norm {str(cfg['qk_norm']).lower()}", f"tied {str(cfg['tied']).lower()}",
        f"num_labels {cfg['num_labels']}",
        "tokens " + " ".join(map(str, TOKENS)),
    ]
    for t in range(len(TOKENS)):
        lines.append(f"logits {t} " + " ".join(f"{v:.7e}" for v in logits[t]))
    if cfg["num_labels"]:
        score = final[-1] @ w["score.weight"].T
        lines.append("score " + " ".join(f"{v:.7e}" for v in score))
    with open(os.path.join(folder, "reference.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    for i, (name, cfg) in enumerate(VARIANTS.items()):
        w = weights(cfg, 1000 + i)
        write_variant(name, cfg, w, interleaved=False)
        if name == "llama_hf":
            write_variant("llama_gguf", cfg, w, interleaved=True)


if __name__ == "__main__":
    main()
