package org.longscope.api.kv;

/**
 * Shape of a model's KV cache.
 *
 * @param layers          transformer layers
 * @param kvHeads         key/value heads per layer
 * @param queryHeads      query heads per layer (a multiple of kvHeads: grouped-query attention)
 * @param headDim         dimension of one head
 * @param maxTokens       the most tokens one sequence may hold (the context window)
 * @param attentionScale  factor applied to q.k (usually 1/sqrt(headDim))
 * @param rope            the rotary embedding used on keys, so a method can re-rotate them
 */
public record CacheGeometry(
        int layers,
        int kvHeads,
        int queryHeads,
        int headDim,
        int maxTokens,
        float attentionScale,
        Rope rope) {

    public CacheGeometry {
        if (layers <= 0 || kvHeads <= 0 || queryHeads <= 0 || headDim <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("cache geometry dimensions must be positive");
        }
        if (queryHeads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "queryHeads (" + queryHeads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
    }

    /** Geometry with the usual 1/sqrt(headDim) scale and no RoPE information. */
    public static CacheGeometry of(int layers, int kvHeads, int queryHeads, int headDim, int maxTokens) {
        return new CacheGeometry(layers, kvHeads, queryHeads, headDim, maxTokens,
                (float) (1 / Math.sqrt(headDim)), null);
    }

    /** Query heads per KV head. */
    public int groupSize() {
        return queryHeads / kvHeads;
    }

    /**
     * Rotary position embedding applied to keys.
     *
     * @param inverseFrequencies headDim/2 angular frequencies (after any scaling such as llama3's)
     * @param interleaved        true when dimension pairs are (2i, 2i+1) (GGUF Llama); false for
     *                           rotate-half pairs (i, i + headDim/2) (Hugging Face)
     */
    public record Rope(float[] inverseFrequencies, boolean interleaved) {
        public Rope {
            inverseFrequencies = inverseFrequencies.clone();
        }

        @Override
        public float[] inverseFrequencies() {
            return inverseFrequencies.clone();
        }
    }
}
