package org.longscope.kv.calidrop;

import java.util.Map;
import org.longscope.api.ServiceProperties;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.ServiceRegistry;

/** CaliDrop over a registry of base policies, wired the way the platform does it, for tests and benchmarks. */
public final class CaliDropTestAccess {
    public static final Origin ORIGIN = new Origin("org.longscope.kv.calidrop.tests", "1.0.0");

    private CaliDropTestAccess() {
    }

    /** A registry holding {@code bases} (by id) and CaliDrop itself; returns CaliDrop. */
    public static CaliDropPolicy calidrop(Map<String, KvCachePolicy> bases) {
        ServiceRegistry registry = new ServiceRegistry();
        bases.forEach((id, policy) -> registry.add(ServiceProperties.KIND_KV, id, policy, ORIGIN, null));
        CaliDropPolicy calidrop = new CaliDropPolicy(registry);
        registry.add(ServiceProperties.KIND_KV, CaliDropPolicy.ID, calidrop, ORIGIN, null);
        return calidrop;
    }
}
