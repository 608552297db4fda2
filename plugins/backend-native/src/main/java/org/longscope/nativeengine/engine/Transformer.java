package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.nativeengine.kernel.Activations;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.kernel.MatMul;
import org.longscope.nativeengine.kernel.Rope;
import org.longscope.nativeengine.kernel.VectorOps;
import org.longscope.nativeengine.kernel.WeightMatrix;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.Tensor;

/**
 * The forward pass of a Llama-family decoder (Llama 2/3/3.1/3.2, Mistral, Qwen2/2.5, Qwen3) in
 * one straight-line method per step, in the manner of llama2.c. Tokens go through in chunks of
 * up to {@code chunkSize}: every projection of a chunk is one tiled matrix-matrix product (a
 * single token, as in decoding, is a matrix-vector product). Keys and values are stored, and
 * attention computed, only through the {@link KvCache} given to each call.
 *
 * <p>All buffers are allocated once, here; a forward pass allocates nothing. One forward pass at a
 * time per instance: callers serialize.
 */
public final class Transformer implements AutoCloseable {
    /** Tokens whose logits are computed together by one product with the output matrix. */
    private static final int LOGIT_GROUP = 4;

    private final ModelConfig config;
    private final ComputePool pool;
    private final int chunkSize;
    private final Arena arena = Arena.ofShared();
    private final MatMul matMul;
    private final Rope rope;
    private final CacheGeometry.Rope cacheRope;

    private final WeightMatrix embedding;
    private final WeightMatrix output;
    private final WeightMatrix score;
    private final MemorySegment outputNorm;
    private final Layer[] layers;

    private final int dim;
    private final int qDim;
    private final int kvDim;
    private final int ffnDim;
    private final MemorySegment x;       // residual stream [chunk][dim]
    private final Activations xb;        // normed input of a projection [chunk][dim]
    private final MemorySegment q;       // [chunk][heads][headDim]
    private final MemorySegment k;       // [chunk][kvHeads][headDim]
    private final MemorySegment v;       // [chunk][kvHeads][headDim]
    private final Activations att;       // attention output [chunk][heads][headDim]
    private final MemorySegment proj;    // output of wo and of the FFN down projection [chunk][dim]
    private final Activations hb;        // FFN gate, then silu(gate) * up [chunk][ffn]
    private final MemorySegment hb2;     // FFN up [chunk][ffn]
    private final Activations finalHidden; // normed final hidden states [LOGIT_GROUP][dim]
    private final MemorySegment logits;  // [LOGIT_GROUP][vocab]
    private final AttentionTask attention = new AttentionTask();

    /** Weights of one decoder layer; norms and biases widened to F32 once. */
    private record Layer(MemorySegment attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
            MemorySegment qBias, MemorySegment kBias, MemorySegment vBias, MemorySegment qNorm, MemorySegment kNorm,
            MemorySegment ffnNorm, WeightMatrix gate, WeightMatrix up, WeightMatrix down) {
    }

    /**
     * @param source    file or directory name, for error messages
     * @param chunkSize most tokens per prefill step (the matrix-matrix products' width)
     */
    public Transformer(String source, ModelConfig config, Map<String, Tensor> tensors, ComputePool pool, int chunkSize) {
        if (chunkSize < 1) {
            throw new InvalidInputException("chunk_size", "expected a positive number of tokens, got " + chunkSize);
        }
        this.config = config;
        this.pool = pool;
        this.chunkSize = chunkSize;
        this.matMul = new MatMul(pool);
        this.dim = config.hiddenSize();
        this.qDim = config.heads() * config.headDim();
        this.kvDim = config.kvHeads() * config.headDim();
        this.ffnDim = config.intermediateSize();
        Weights w = new Weights(source, tensors, arena);

        this.embedding = w.matrix("token_embd.weight", config.vocabSize(), dim);
        this.outputNorm = w.vector("output_norm.weight", dim);
        this.output = config.tiedEmbeddings() || !tensors.containsKey("output.weight")
                ? embedding : w.matrix("output.weight", config.vocabSize(), dim);
        this.score = config.numLabels() > 0 ? w.matrix("score.weight", config.numLabels(), dim) : null;
        this.layers = new Layer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "blk." + l + ".";
            layers[l] = new Layer(
                    w.vector(p + "attn_norm.weight", dim),
                    w.matrix(p + "attn_q.weight", qDim, dim),
                    w.matrix(p + "attn_k.weight", kvDim, dim),
                    w.matrix(p + "attn_v.weight", kvDim, dim),
                    w.matrix(p + "attn_output.weight", dim, qDim),
                    config.qkvBias() ? w.vector(p + "attn_q.bias", qDim) : null,
                    config.qkvBias() ? w.vector(p + "attn_k.bias", kvDim) : null,
                    config.qkvBias() ? w.vector(p + "attn_v.bias", kvDim) : null,
                    config.qkNorm() ? w.vector(p + "attn_q_norm.weight", config.headDim()) : null,
                    config.qkNorm() ? w.vector(p + "attn_k_norm.weight", config.headDim()) : null,
                    w.vector(p + "ffn_norm.weight", dim),
                    w.matrix(p + "ffn_gate.weight", ffnDim, dim),
                    w.matrix(p + "ffn_up.weight", ffnDim, dim),
                    w.matrix(p + "ffn_down.weight", dim, ffnDim));
        }

        float[] frequencies = Rope.baseFrequencies(config.headDim(), config.ropeTheta());
        if (tensors.containsKey("rope_freqs.weight")) {
            MemorySegment factors = w.vector("rope_freqs.weight", config.headDim() / 2);
            frequencies = Rope.divided(frequencies, factors.toArray(JAVA_FLOAT));
        } else if (config.ropeScaling() != null) {
            ModelConfig.RopeScaling s = config.ropeScaling();
            frequencies = Rope.llama3Scaled(frequencies, s.factor(), s.lowFreqFactor(), s.highFreqFactor(),
                    s.originalContextLength());
        }
        this.rope = new Rope(config.headDim(), frequencies, config.ropeInterleaved(), chunkSize);
        this.cacheRope = new CacheGeometry.Rope(frequencies, config.ropeInterleaved());

        this.x = floats(chunkSize, dim);
        this.xb = new Activations(arena, chunkSize, dim);
        this.q = floats(chunkSize, qDim);
        this.k = floats(chunkSize, kvDim);
        this.v = floats(chunkSize, kvDim);
        this.att = new Activations(arena, chunkSize, qDim);
        this.proj = floats(chunkSize, dim);
        this.hb = new Activations(arena, chunkSize, ffnDim);
        this.hb2 = floats(chunkSize, ffnDim);
        this.finalHidden = new Activations(arena, LOGIT_GROUP, dim);
        this.logits = floats(LOGIT_GROUP, config.vocabSize());
    }

    private MemorySegment floats(int rows, int cols) {
        return arena.allocate((long) rows * cols * Float.BYTES, 64);
    }

    public ModelConfig config() {
        return config;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public ComputePool pool() {
        return pool;
    }

    /** The KV-cache geometry of this model for sequences of up to {@code maxTokens} tokens. */
    public CacheGeometry geometry(int maxTokens) {
        return new CacheGeometry(config.layers(), config.kvHeads(), config.heads(), config.headDim(), maxTokens,
                (float) (1 / Math.sqrt(config.headDim())), cacheRope);
    }

    /** Bytes of weights one decode step reads (every matrix once; the embedding row is negligible). */
    public long weightBytesPerToken() {
        long bytes = output.bytes();
        for (Layer l : layers) {
            bytes += l.wq.bytes() + l.wk.bytes() + l.wv.bytes() + l.wo.bytes()
                    + l.gate.bytes() + l.up.bytes() + l.down.bytes();
        }
        return bytes;
    }

    /** Multiply-adds of one token through every matrix (attention excluded). */
    public long matrixMacsPerToken() {
        long macs = (long) output.rows() * output.cols();
        for (Layer l : layers) {
            macs += (long) l.wq.rows() * dim + (long) l.wk.rows() * dim + (long) l.wv.rows() * dim
                    + (long) dim * qDim + 3L * ffnDim * dim;
        }
        return macs;
    }

    /**
     * Runs {@code tokens[0..count)} at positions {@code position..} through the model, appending
     * their keys and values to {@code cache}, in chunks of {@link #chunkSize()}.
     *
     * @param logitsFrom the index of the first token whose logits {@code consumer} receives
     *                   ({@code count - 1} for only the last token; {@code count} for none)
     */
    public void forward(int[] tokens, int count, int position, KvCache cache, int logitsFrom, LogitsConsumer consumer) {
        for (int start = 0; start < count; start += chunkSize) {
            int n = Math.min(chunkSize, count - start);
            forwardChunk(tokens, start, n, position + start, cache);
            int from = Math.max(logitsFrom, start);
            for (int t = from; t < start + n; t += LOGIT_GROUP) {
                int g = Math.min(LOGIT_GROUP, start + n - t);
                computeLogits(t - start, g);
                for (int i = 0; i < g; i++) {
                    consumer.accept(t + i, logits, (long) i * config.vocabSize() * Float.BYTES);
                }
            }
        }
    }

    /**
     * Runs {@code tokens[0..count)} like {@link #forward} and returns the score head's outputs
     * ({@code numLabels} floats) for the last token's final hidden state.
     */
    public float[] score(int[] tokens, int count, KvCache cache) {
        if (score == null) {
            throw new UnsupportedOperationException("the model has no score head (score.weight)");
        }
        forward(tokens, count, 0, cache, count, (i, l, o) -> { });
        int last = (count - 1) % chunkSize;
        VectorOps.rmsNorm(finalHidden.values(), 0, x, rowBytes(last, dim), outputNorm, 0, dim, config.rmsNormEps());
        MemorySegment out = logits;
        matMul.multiply(score, finalHidden, out);
        return out.asSlice(0, (long) score.rows() * Float.BYTES).toArray(JAVA_FLOAT);
    }

    private static long rowBytes(int row, int cols) {
        return (long) row * cols * Float.BYTES;
    }

    /** Logits of tokens t0..t0+g of the last chunk into rows 0..g of {@link #logits}. */
    private void computeLogits(int t0, int g) {
        MemorySegment fh = finalHidden.values();
        for (int i = 0; i < g; i++) {
            VectorOps.rmsNorm(fh, rowBytes(i, dim), x, rowBytes(t0 + i, dim), outputNorm, 0, dim, config.rmsNormEps());
        }
        matMul.multiply(output, finalHidden, g, logits, (long) config.vocabSize() * Float.BYTES);
    }

    private void forwardChunk(int[] tokens, int start, int n, int position, KvCache cache) {
        int headDim = config.headDim();
        float eps = config.rmsNormEps();
        for (int t = 0; t < n; t++) {
            int token = tokens[start + t];
            if (token < 0 || token >= config.vocabSize()) {
                throw new InvalidInputException("token " + (start + t), "expected an id in [0, " + config.vocabSize()
                        + "), got " + token);
            }
            embedding.dequantizeRow(token, x, rowBytes(t, dim));
        }
        rope.prepare(position, n);

        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];

            // attention block
            MemorySegment xbv = xb.values();
            for (int t = 0; t < n; t++) {
                VectorOps.rmsNorm(xbv, rowBytes(t, dim), x, rowBytes(t, dim), layer.attnNorm, 0, dim, eps);
            }
            matMul.multiply(layer.wq, xb, n, q, rowBytes(1, qDim));
            matMul.multiply(layer.wk, xb, n, k, rowBytes(1, kvDim));
            matMul.multiply(layer.wv, xb, n, v, rowBytes(1, kvDim));
            for (int t = 0; t < n; t++) {
                long qo = rowBytes(t, qDim);
                long ko = rowBytes(t, kvDim);
                if (layer.qBias != null) {
                    VectorOps.add(q, qo, layer.qBias, 0, qDim);
                    VectorOps.add(k, ko, layer.kBias, 0, kvDim);
                    VectorOps.add(v, ko, layer.vBias, 0, kvDim);
                }
                if (layer.qNorm != null) {
                    for (int h = 0; h < config.heads(); h++) {
                        long o = qo + rowBytes(h, headDim);
                        VectorOps.rmsNorm(q, o, q, o, layer.qNorm, 0, headDim, eps);
                    }
                    for (int h = 0; h < config.kvHeads(); h++) {
                        long o = ko + rowBytes(h, headDim);
                        VectorOps.rmsNorm(k, o, k, o, layer.kNorm, 0, headDim, eps);
                    }
                }
                rope.apply(q, qo, config.heads(), t);
                rope.apply(k, ko, config.kvHeads(), t);
            }
            cache.append(l, position, n, k, v);
            attention.run(cache, l, n);
            matMul.multiply(layer.wo, att, n, proj, rowBytes(1, dim));
            for (int t = 0; t < n; t++) {
                VectorOps.add(x, rowBytes(t, dim), proj, rowBytes(t, dim), dim);
            }

            // feed-forward block: down(silu(gate(x)) * up(x))
            xbv = xb.values();
            for (int t = 0; t < n; t++) {
                VectorOps.rmsNorm(xbv, rowBytes(t, dim), x, rowBytes(t, dim), layer.ffnNorm, 0, dim, eps);
            }
            MemorySegment hbv = hb.values();
            matMul.multiply(layer.gate, xb, n, hbv, rowBytes(1, ffnDim));
            matMul.multiply(layer.up, xb, n, hb2, rowBytes(1, ffnDim));
            for (int t = 0; t < n; t++) {
                VectorOps.siluGate(hbv, rowBytes(t, ffnDim), hb2, rowBytes(t, ffnDim), ffnDim);
            }
            matMul.multiply(layer.down, hb, n, proj, rowBytes(1, dim));
            for (int t = 0; t < n; t++) {
                VectorOps.add(x, rowBytes(t, dim), proj, rowBytes(t, dim), dim);
            }
        }
    }

    /** Attention of one layer, one pool chunk per KV head. */
    private final class AttentionTask implements ComputePool.Task {
        private KvCache cache;
        private int layer;
        private int n;
        private MemorySegment out;

        void run(KvCache cache, int layer, int n) {
            this.cache = cache;
            this.layer = layer;
            this.n = n;
            this.out = att.values();
            try {
                pool.run(config.kvHeads(), this);
            } finally {
                this.cache = null;
            }
        }

        @Override
        public void run(int kvHead) {
            cache.attend(layer, kvHead, n, q, out);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
