package org.longscope.kv.core.full;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.DenseKvCache;
import org.longscope.kv.core.Precision;
import org.osgi.service.component.annotations.Component;

/**
 * The reference cache every method is measured against: every token of every layer and KV head,
 * dense and off-heap, attended with the blockwise online-softmax kernel.
 *
 * <p>Option {@code dtype} ({@code fp32} default, or {@code fp16}) is the element type of the store.
 * Bytes resident per token: {@code layers * kvHeads * 2 * headDim * bytes(dtype)}.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=full",
        "longscope.description=Full KV cache (reference)"})
public final class FullPolicy implements KvCachePolicy {
    public static final String ID = "full";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("dtype", "fp32", List.of("fp32", "fp16"), "element type of stored keys and values"));

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        return new DenseKvCache(ID, geometry, Precision.of((String) p.get("dtype")));
    }
}
