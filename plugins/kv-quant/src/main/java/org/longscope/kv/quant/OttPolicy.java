package org.longscope.kv.quant;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.osgi.service.component.annotations.Component;

/**
 * OTT, outlier token tracing: KIVI (defaults {@code bits} 2, {@code G} 128, {@code R} 32) plus, from
 * layer {@code from_layer} (2, counted from 0) on, a pool of the {@code outliers} (3) tokens with the
 * smallest key L1 norm, kept at full precision, left out of their key group's min/max and masked in
 * the quantized sequence; tokens pushed out of the pool move to an extra full-precision pool of
 * {@code pool} (32) tokens; when that is full, tracing stops ({@link OutlierPools}).
 *
 * <p>Choices the description leaves open: norms are of keys as stored (after RoPE); since R = 32 is
 * less than G = 128, keys are quantized one whole group at a time, as soon as G full-precision keys
 * have accumulated, and a value is quantized only once its key has been (so an outlier keeps its
 * full-precision value), which keeps up to G values at full precision rather than R.
 *
 * <p>Bytes resident: KIVI's formula plus {@code pooled * 2 * d * 4} and one mask bit per quantized key.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=ott",
        "longscope.description=OTT: KIVI with outlier tokens kept at full precision"})
public final class OttPolicy implements KvCachePolicy {
    public static final String ID = "ott";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("bits", 2, 2, 8, "code width: 2, 4 or 8"),
            ParamSpec.integer("G", 128, 8, 4096, "group size (tokens for keys, channels for values); multiple of 8"),
            ParamSpec.integer("R", 32, 0, 1 << 20, "newest values kept at full precision"),
            ParamSpec.integer("outliers", 3, 0, 1024, "outlier pool size (0: plain KIVI)"),
            ParamSpec.integer("pool", 32, 0, 1 << 16, "extra pool for tokens pushed out of the outlier pool"),
            ParamSpec.integer("from_layer", 2, 0, 1 << 16, "first layer (from 0) that traces outliers"));

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        return new QuantizedCache(ID, geometry, QuantParams.config(ID, p, (Integer) p.get("outliers"),
                (Integer) p.get("pool"), (Integer) p.get("from_layer"), false));
    }
}
