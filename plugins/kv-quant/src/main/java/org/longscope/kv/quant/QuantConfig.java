package org.longscope.kv.quant;

/**
 * Settings of a quantized cache.
 *
 * @param bits       code width: 2, 4 or 8
 * @param group      G: keys are quantized per channel over groups of G tokens; values per token
 *                   over groups of min(G, headDim) channels
 * @param residual   R: the newest values kept in full precision; keys stay in full precision until
 *                   {@link #keyChunk()} of them have accumulated
 * @param outliers   OTT's outlier pool size (0: plain KIVI)
 * @param extraPool  OTT's pool for tokens pushed out of the outlier pool; tracing stops when full
 * @param firstTracedLayer layers from this index on trace outliers
 */
record QuantConfig(int bits, int group, int residual, int outliers, int extraPool, int firstTracedLayer) {

    /** Keys are quantized in chunks of R tokens (a multiple of G), or of one group G when R < G. */
    int keyChunk() {
        return Math.max(group, (residual + group - 1) / group * group);
    }

    boolean traces(int layer) {
        return outliers > 0 && layer >= firstTracedLayer;
    }
}
