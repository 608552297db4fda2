package org.longscope.djl.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/**
 * A Llama-family decoder as one DJL block: token embedding, per layer RMSNorm, grouped-query
 * causal attention with rotate-half RoPE (q/k/v biases for Qwen2, per-head q/k RMSNorm for Qwen3),
 * RMSNorm and a SiLU-gated FFN, then a final RMSNorm and a tied or untied output projection.
 * Parameters carry their Hugging Face names, so a checkpoint maps onto them one to one.
 *
 * <p>{@link #forward(NDArray, int, KvState, boolean)} is the one forward pass: the trainer calls it
 * on whole sequences without a cache; the backend calls it on a prompt and then one token at a
 * time with a {@link KvState}. Inputs are token ids {@code (batch, tokens)}; outputs are logits
 * {@code (batch, tokens, vocab)}, all in float32.
 */
public final class LlamaModel extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Query rows per attention block: at 2,048 tokens it computes 5/8 of the full score matrix. */
    public static final int DEFAULT_ATTENTION_CHUNK = 512;

    private final LlamaConfig config;
    private final Parameter embedding;
    private final Parameter finalNorm;
    private final Parameter output;
    private final Layer[] layers;
    private final double[] inverseFrequencies;
    private int attentionChunk = DEFAULT_ATTENTION_CHUNK;

    /** The parameters of one decoder layer; biases and q/k norms are null where the architecture has none. */
    private record Layer(Parameter inputNorm, Parameter wq, Parameter wk, Parameter wv, Parameter wo,
            Parameter bq, Parameter bk, Parameter bv, Parameter qNorm, Parameter kNorm,
            Parameter postNorm, Parameter gate, Parameter up, Parameter down) {
    }

    public LlamaModel(LlamaConfig config) {
        super(VERSION);
        this.config = config;
        this.embedding = weight("model.embed_tokens.weight");
        this.layers = new Layer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "model.layers." + l + ".";
            layers[l] = new Layer(
                    weight(p + "input_layernorm.weight"),
                    weight(p + "self_attn.q_proj.weight"),
                    weight(p + "self_attn.k_proj.weight"),
                    weight(p + "self_attn.v_proj.weight"),
                    weight(p + "self_attn.o_proj.weight"),
                    config.qkvBias() ? bias(p + "self_attn.q_proj.bias") : null,
                    config.qkvBias() ? bias(p + "self_attn.k_proj.bias") : null,
                    config.qkvBias() ? bias(p + "self_attn.v_proj.bias") : null,
                    config.qkNorm() ? weight(p + "self_attn.q_norm.weight") : null,
                    config.qkNorm() ? weight(p + "self_attn.k_norm.weight") : null,
                    weight(p + "post_attention_layernorm.weight"),
                    weight(p + "mlp.gate_proj.weight"),
                    weight(p + "mlp.up_proj.weight"),
                    weight(p + "mlp.down_proj.weight"));
        }
        this.finalNorm = weight("model.norm.weight");
        this.output = config.tiedEmbeddings() ? null : weight("lm_head.weight");
        this.inverseFrequencies = config.inverseFrequencies();
    }

    private Parameter weight(String name) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build());
    }

    private Parameter bias(String name) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS).build());
    }

    public LlamaConfig config() {
        return config;
    }

    /** Every parameter's Hugging Face name and shape, in checkpoint order. */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        int h = config.hiddenSize();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        int ffn = config.intermediateSize();
        shapes.put("model.embed_tokens.weight", new Shape(config.vocabSize(), h));
        for (int l = 0; l < config.layers(); l++) {
            String p = "model.layers." + l + ".";
            shapes.put(p + "input_layernorm.weight", new Shape(h));
            shapes.put(p + "self_attn.q_proj.weight", new Shape(q, h));
            shapes.put(p + "self_attn.k_proj.weight", new Shape(kv, h));
            shapes.put(p + "self_attn.v_proj.weight", new Shape(kv, h));
            shapes.put(p + "self_attn.o_proj.weight", new Shape(h, q));
            if (config.qkvBias()) {
                shapes.put(p + "self_attn.q_proj.bias", new Shape(q));
                shapes.put(p + "self_attn.k_proj.bias", new Shape(kv));
                shapes.put(p + "self_attn.v_proj.bias", new Shape(kv));
            }
            if (config.qkNorm()) {
                shapes.put(p + "self_attn.q_norm.weight", new Shape(config.headDim()));
                shapes.put(p + "self_attn.k_norm.weight", new Shape(config.headDim()));
            }
            shapes.put(p + "post_attention_layernorm.weight", new Shape(h));
            shapes.put(p + "mlp.gate_proj.weight", new Shape(ffn, h));
            shapes.put(p + "mlp.up_proj.weight", new Shape(ffn, h));
            shapes.put(p + "mlp.down_proj.weight", new Shape(h, ffn));
        }
        shapes.put("model.norm.weight", new Shape(h));
        if (!config.tiedEmbeddings()) {
            shapes.put("lm_head.weight", new Shape(config.vocabSize(), h));
        }
        return shapes;
    }

    /**
     * Sets every parameter from {@code tensors} (Hugging Face names; float32, or converted to it).
     * A missing tensor or a wrong shape names {@code source} and the tensor. Tensors the model does
     * not use (rotary buffers) are ignored.
     */
    public void setParameters(Map<String, NDArray> tensors, String source) {
        Map<String, Shape> shapes = parameterShapes();
        for (Parameter p : getDirectParameters().values()) {
            NDArray a = tensors.get(p.getName());
            if (a == null) {
                throw new InvalidInputException(source + ": tensor " + p.getName(), "missing (expected shape "
                        + shapes.get(p.getName()) + ")");
            }
            if (!a.getShape().equals(shapes.get(p.getName()))) {
                throw new InvalidInputException(source + ": tensor " + p.getName(), "expected shape "
                        + shapes.get(p.getName()) + ", found " + a.getShape());
            }
            NDArray f = a;
            if (a.getDataType() != DataType.FLOAT32) {
                f = a.toType(DataType.FLOAT32, false);
                a.close();
            }
            p.close();
            p.setArray(f);
        }
    }

    /** The parameters' arrays by Hugging Face name. */
    public Map<String, NDArray> parameterArrays() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Parameter p : getDirectParameters().values()) {
            arrays.put(p.getName(), p.getArray());
        }
        return arrays;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), 0, null, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
    }

    /**
     * Sets how many query rows the attention takes at a time (0: all at once). A chunk of queries
     * reads only the keys up to its own last position, so long sequences skip most of the causal
     * upper triangle and never hold a whole {@code (n, n)} score tensor; the results are the same up
     * to float rounding.
     */
    public void setAttentionChunk(int queries) {
        if (queries < 0) {
            throw new IllegalArgumentException("attention chunk must be >= 0, got " + queries);
        }
        this.attentionChunk = queries;
    }

    /**
     * Runs tokens {@code (batch, n)} at positions {@code position..position+n-1}.
     *
     * @param cache    keys and values of earlier positions, extended with these; {@code null} for a
     *                 whole sequence at position 0
     * @param lastOnly compute logits for the last position only
     * @return logits {@code (batch, n or 1, vocab)}
     */
    public NDArray forward(NDArray tokens, int position, KvState cache, boolean lastOnly) {
        NDArray x = hidden(tokens, position, cache, lastOnly);
        return Linear.linear(x, array(output != null ? output : embedding)).singletonOrThrow();
    }

    /**
     * The final hidden states {@code (batch, n or 1, hidden)} after the last norm: what the output
     * head, or a sequence-classification head ({@code score.weight}), reads. Arguments as in
     * {@link #forward}.
     */
    public NDArray hidden(NDArray tokens, int position, KvState cache, boolean lastOnly) {
        NDManager m = tokens.getManager();
        long batch = tokens.getShape().get(0);
        int n = Math.toIntExact(tokens.getShape().get(1));
        int headDim = config.headDim();
        int kvHeads = config.kvHeads();
        if (cache == null && position != 0) {
            throw new IllegalArgumentException("without a cache a sequence starts at position 0, got " + position);
        }
        NDArray[] rope = ropeTables(m, position, n);
        // the masks are built once per call, before the layers: building one per layer inside the loop
        // (DJL 0.36, PyTorch 2.7.1) gave gradients that changed from run to run, then a crash
        int chunk = attentionChunk == 0 ? n : Math.min(n, attentionChunk);
        NDArray[] masks = n == 1 ? null : causalMasks(m, position, n, chunk);
        float scale = (float) (1 / Math.sqrt(headDim));

        NDArray x = array(embedding).get(tokens);
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            NDArray h = rmsNorm(x, array(layer.inputNorm));
            NDArray q = linear(h, layer.wq, layer.bq).reshape(batch, n, config.heads(), headDim);
            NDArray k = linear(h, layer.wk, layer.bk).reshape(batch, n, kvHeads, headDim);
            NDArray v = linear(h, layer.wv, layer.bv).reshape(batch, n, kvHeads, headDim);
            if (layer.qNorm != null) {
                q = rmsNorm(q, array(layer.qNorm));
                k = rmsNorm(k, array(layer.kNorm));
            }
            q = rotate(q.transpose(0, 2, 1, 3), rope).mul(scale); // (batch, heads, n, headDim)
            k = rotate(k.transpose(0, 2, 1, 3), rope);             // (batch, kvHeads, n, headDim)
            v = v.transpose(0, 2, 1, 3);
            if (cache != null) {
                NDArray[] kv = cache.append(l, k, v);
                k = kv[0];
                v = kv[1];
            }
            NDArray attended = attend(q, k, v, position, chunk, masks)
                    .transpose(0, 2, 1, 3)
                    .reshape(batch, n, (long) config.heads() * headDim);
            x = x.add(linear(attended, layer.wo, null));

            h = rmsNorm(x, array(layer.postNorm));
            NDArray gate = linear(h, layer.gate, null);
            NDArray up = linear(h, layer.up, null);
            x = x.add(linear(gate.mul(Activation.sigmoid(gate)).mul(up), layer.down, null));
        }
        if (lastOnly && n > 1) {
            x = x.get(new NDIndex(":, {}:", n - 1));
        }
        return rmsNorm(x, array(finalNorm));
    }

    /**
     * Causal attention of scaled queries {@code (batch, heads, n, headDim)} at positions
     * {@code position..position+n-1} over keys and values {@code (batch, kvHeads, position+n, headDim)},
     * {@code chunk} query rows at a time, each chunk with its mask; returns {@code (batch, heads, n, headDim)}.
     */
    private NDArray attend(NDArray q, NDArray k, NDArray v, int position, int chunk, NDArray[] masks) {
        int n = Math.toIntExact(q.getShape().get(2));
        if (masks == null || masks.length == 1) {
            return attendBlock(q, k, v, masks == null ? null : masks[0]);
        }
        long[] bounds = new long[masks.length - 1];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = (long) (i + 1) * chunk;
        }
        NDList queries = q.split(bounds, 2);
        NDList parts = new NDList();
        for (int c = 0; c < masks.length; c++) {
            long keys = position + Math.min(n, (c + 1) * chunk);
            NDArray kc = keys == k.getShape().get(2) ? k : k.split(new long[] {keys}, 2).get(0);
            NDArray vc = keys == v.getShape().get(2) ? v : v.split(new long[] {keys}, 2).get(0);
            parts.add(attendBlock(queries.get(c), kc, vc, masks[c]));
        }
        return NDArrays.concat(parts, 2);
    }

    /**
     * One block of grouped-query attention: query head h reads key/value head h / groups. The query
     * heads of a group are stacked as rows of one (groups * rows, headDim) matrix per KV head, so
     * both products are plain batched matrix products (a broadcast product is several times slower).
     */
    private NDArray attendBlock(NDArray q, NDArray k, NDArray v, NDArray mask) {
        long batch = q.getShape().get(0);
        long rows = q.getShape().get(2);
        long keys = k.getShape().get(2);
        int kvHeads = config.kvHeads();
        int groups = config.groups();
        NDArray scores = q.reshape(batch, kvHeads, groups * rows, config.headDim()).matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.reshape(batch, kvHeads, groups, rows, keys).add(mask)
                    .reshape(batch, kvHeads, groups * rows, keys);
        }
        return scores.softmax(-1).matMul(v).reshape(batch, config.heads(), rows, config.headDim());
    }

    private NDArray array(Parameter p) {
        return p.getArray();
    }

    private NDArray linear(NDArray x, Parameter weight, Parameter bias) {
        return bias == null ? Linear.linear(x, weight.getArray()).singletonOrThrow()
                : Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
    }

    /** RMSNorm over the last axis, computed in float32 like the reference implementation. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(config.rmsNormEps()).sqrt()).mul(weight);
    }

    /** Rotate-half RoPE of {@code x (batch, heads, n, headDim)} with tables {@code (n, headDim)}. */
    private static NDArray rotate(NDArray x, NDArray[] cosSin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
    }

    /** cos and sin of {@code position * inverseFrequency} for n positions, each pair's angle in both halves. */
    private NDArray[] ropeTables(NDManager m, int position, int n) {
        int headDim = config.headDim();
        int half = headDim / 2;
        float[] cos = new float[n * headDim];
        float[] sin = new float[n * headDim];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < half; i++) {
                double angle = (double) (position + t) * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * headDim + i] = c;
                cos[t * headDim + half + i] = c;
                sin[t * headDim + i] = s;
                sin[t * headDim + half + i] = s;
            }
        }
        Shape shape = new Shape(n, headDim);
        return new NDArray[] {m.create(cos, shape), m.create(sin, shape)};
    }

    /** The additive causal masks of n queries at positions {@code start..} taken {@code chunk} at a time. */
    private static NDArray[] causalMasks(NDManager m, int start, int n, int chunk) {
        NDArray[] masks = new NDArray[(n + chunk - 1) / chunk];
        for (int c = 0; c < masks.length; c++) {
            int from = c * chunk;
            int to = Math.min(n, from + chunk);
            masks[c] = causalMask(m, start + from, to - from, start + to);
        }
        return masks;
    }

    /** Additive causal mask {@code (n, total)}: query t (at position start + t) sees keys 0..start + t. */
    private static NDArray causalMask(NDManager m, int start, int n, int total) {
        float[] mask = new float[n * total];
        for (int t = 0; t < n; t++) {
            for (int j = start + t + 1; j < total; j++) {
                mask[t * total + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(mask, new Shape(n, total));
    }

    /** Parameter names, in order (for reports and checkpoints). */
    public List<String> parameterNames() {
        return new ArrayList<>(parameterShapes().keySet());
    }
}
