package org.longscope.core.testing;

import org.longscope.api.ServiceProperties;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.ServiceRegistry;

/** A registry with the echo backend, the pass key benchmark and two budget policies. */
public final class TestPlugins {
    private TestPlugins() {
    }

    public static ServiceRegistry registry(EchoBackend backend) {
        ServiceRegistry registry = new ServiceRegistry();
        Origin origin = new Origin("org.longscope.core.tests", "1.0.0");
        registry.add(ServiceProperties.KIND_BACKEND, "echo", backend, origin, "deterministic test model");
        registry.add(ServiceProperties.KIND_BENCHMARK, "keys", new PasskeyBenchmark(), origin, null);
        registry.add(ServiceProperties.KIND_KV, "evict", new BudgetPolicy(), origin, null);
        registry.add(ServiceProperties.KIND_KV, "evict2", new BudgetPolicy(), origin, null);
        return registry;
    }
}
