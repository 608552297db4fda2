package org.longscope.kv.quant;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.osgi.service.component.annotations.Component;

/**
 * KIVI (Liu et al., 2024): asymmetric 2/4/8-bit quantization, keys per channel over groups of
 * {@code G} tokens, values per token over groups of {@code min(G, headDim)} channels; per group
 * {@code scale = (max - min) / (2^bits - 1)}, {@code code = clamp(rint((x - min) / scale))}, scale and
 * minimum in fp16, codes packed ({@link org.longscope.kv.core.GroupQuantizer},
 * {@link org.longscope.kv.core.PackedCodes}). Keys stay in full precision (fp32) until {@code R} have
 * accumulated, then are quantized together; the {@code R} newest values stay in full precision.
 * Quantization happens at the next append or at the end of prefill, so the prompt attends to itself
 * at full precision, as in KIVI. Attention is one softmax over the quantized and full-precision parts
 * with scale and minimum folded into the query and the weights.
 *
 * <p>Bytes resident per KV head with {@code Tk} quantized keys, {@code Tv} quantized values and T tokens:
 * {@code (Tk + Tv) * d * bits / 8 + (Tk / G) * d * 4 + Tv * ceil(d / min(G, d)) * 4 + (2T - Tk - Tv) * d * 4}.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=kivi",
        "longscope.description=KIVI: 2/4/8-bit keys per channel and values per token"})
public final class KiviPolicy implements KvCachePolicy {
    public static final String ID = "kivi";

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("bits", 2, 2, 8, "code width: 2, 4 or 8"),
            ParamSpec.integer("G", 32, 8, 4096, "group size (tokens for keys, channels for values); multiple of 8"),
            ParamSpec.integer("R", 128, 0, 1 << 20, "full-precision residual length, a multiple of G"));

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        return new QuantizedCache(ID, geometry, QuantParams.config(ID, p, 0, 0, 0, true));
    }
}
