package org.longscope.core.testing;

import java.util.List;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;

/** A KV policy stand-in for spec validation: declares {@code budget} (1..1M, default 128); the EchoModel honours it. */
public final class BudgetPolicy implements KvCachePolicy {
    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.integer("budget", 128, 1, 1_000_000, "tokens kept per head"));
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        throw new UnsupportedOperationException("the echo model keeps no real cache");
    }
}
