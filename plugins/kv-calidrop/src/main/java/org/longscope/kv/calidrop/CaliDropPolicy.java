package org.longscope.kv.calidrop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.registry.Registry;
import org.longscope.kv.core.DenseCache;
import org.longscope.kv.core.Precision;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * CaliDrop: calibration of any eviction method with attention over the tokens it evicts
 * ({@link CaliDropCache}).
 *
 * <p>The base method ({@code base}, default {@code snapkv}) is looked up by id in the platform's
 * {@link Registry} each time a cache is created, so CaliDrop wraps whatever KV method is registered
 * under that id, from any bundle (third-party ones included), without depending on it. The base must create caches over
 * kv-core's dense stores ({@link DenseCache}), whose eviction listener feeds the offload store;
 * others (the quantized caches, {@code full}) are refused. Parameters other than CaliDrop's own ({@code base},
 * {@code theta1}, {@code theta2}, {@code offload}) are passed to the base, which validates them:
 * {@code calidrop:base=h2o,budget=128}.
 *
 * <p>Bytes resident: the base method's. Bytes offloaded: evicted tokens x {@code 2 * headDim * bytes(offload)}.
 * Counters: {@code calidrop_recompute}, {@code calidrop_reuse}, {@code calidrop_skip}, per query head
 * and decode step.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=calidrop",
        "longscope.description=CaliDrop: eviction calibrated with attention over offloaded tokens"})
public final class CaliDropPolicy implements KvCachePolicy {
    public static final String ID = "calidrop";

    private static final List<ParamSpec> OWN = List.of(
            ParamSpec.string("base", "snapkv", "eviction method whose evicted tokens are offloaded"),
            ParamSpec.decimal("theta1", 0.7, -2.0, 2.0, "recompute when cos(q_t, q_ref) is below this"),
            ParamSpec.decimal("theta2", 0.85, -2.0, 2.0, "reuse the stored calibration when cos(q_t, q_ref) is above this"),
            ParamSpec.choice("offload", "fp16", List.of("fp16", "fp32"), "element type of the offload store"));

    /** Where the base method is found by id, at each {@link #create}. */
    @Reference
    private Registry registry;

    /** For Declarative Services, which injects the registry. */
    public CaliDropPolicy() {
    }

    /** Outside the framework (tests, benchmarks): base methods come from {@code registry}. */
    public CaliDropPolicy(Registry registry) {
        this.registry = registry;
    }

    /** CaliDrop's own parameters, then those of the default base when it is available. */
    @Override
    public List<ParamSpec> parameters() {
        List<ParamSpec> all = new ArrayList<>(OWN);
        registry.find(ServiceProperties.KIND_KV, "snapkv", KvCachePolicy.class).ifPresent(snapkv -> all.addAll(snapkv.parameters()));
        return all;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> own = new LinkedHashMap<>();
        Map<String, Object> forBase = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            boolean mine = OWN.stream().anyMatch(s -> s.name().equals(e.getKey()));
            (mine ? own : forBase).put(e.getKey(), e.getValue());
        }
        Map<String, Object> p = ParamSpec.resolve(ID, OWN, own);
        String baseId = (String) p.get("base");
        if (baseId.equals(ID)) {
            throw new InvalidInputException(ID + ".base", "expected an eviction method to calibrate, got calidrop itself");
        }
        KvCachePolicy basePolicy = registry.get(ServiceProperties.KIND_KV, baseId, KvCachePolicy.class, ID + ".base");
        if (baseId.equals("streamingllm") && Boolean.parseBoolean(String.valueOf(forBase.get("rerotate")))) {
            throw new InvalidInputException(ID + ".base", "streamingllm with rerotate=true stores keys rotated by"
                    + " cache slot, which cannot be offloaded; use rerotate=false");
        }
        KvCache baseCache = basePolicy.create(geometry, forBase);
        if (!(baseCache instanceof DenseCache dense) || baseId.equals("full")) {
            baseCache.close();
            throw new InvalidInputException(ID + ".base", "expected an eviction method over kv-core's dense store"
                    + " (streamingllm, h2o, snapkv, pyramidkv, adakv, ...), got '" + baseId + "'");
        }
        return new CaliDropCache(dense, (Double) p.get("theta1"), (Double) p.get("theta2"),
                Precision.of((String) p.get("offload")));
    }
}
