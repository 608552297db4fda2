package org.longscope.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.core.runs.ServiceEntry;
import org.longscope.core.testing.BudgetPolicy;
import org.longscope.core.testing.EchoBackend;
import org.longscope.core.testing.PasskeyBenchmark;

class ServiceRegistryTest {

    private static final Origin A = new Origin("bundle.a", "1.0.0");
    private static final Origin B = new Origin("bundle.b", "2.0.0");

    @Test
    void duplicateIdIsRefusedAndTakesOverWhenTheFirstLeaves() {
        ServiceRegistry registry = new ServiceRegistry();
        BudgetPolicy first = new BudgetPolicy();
        BudgetPolicy second = new BudgetPolicy();
        assertTrue(registry.add(ServiceProperties.KIND_KV, "snapkv", first, A, null));
        assertFalse(registry.add(ServiceProperties.KIND_KV, "snapkv", second, B, null));
        assertSame(first, registry.kv("snapkv"));
        assertEquals(A, registry.origin(ServiceProperties.KIND_KV, "snapkv"));
        registry.remove(ServiceProperties.KIND_KV, "snapkv", first);
        assertSame(second, registry.kv("snapkv"));
        assertEquals(B, registry.origin(ServiceProperties.KIND_KV, "snapkv"));
        registry.remove(ServiceProperties.KIND_KV, "snapkv", second);
        assertThrows(InvalidInputException.class, () -> registry.kv("snapkv"));
    }

    @Test
    void aModelNamingNoBackendGoesToTheHighestRankedBackendThatCanOpenIt() {
        ServiceRegistry registry = new ServiceRegistry();
        EchoBackend low = new EchoBackend();
        EchoBackend high = new EchoBackend();
        registry.add(ServiceProperties.KIND_BACKEND, "a-first-by-id", low, A, null, 0);
        registry.add(ServiceProperties.KIND_BACKEND, "b-ranked", high, B, null, 10);
        var ref = new org.longscope.api.model.ModelRef("echo:model-dir");
        assertEquals("b-ranked", registry.backendFor(ref).getKey());
        registry.remove(ServiceProperties.KIND_BACKEND, "b-ranked", high);
        assertEquals("a-first-by-id", registry.backendFor(ref).getKey());
    }

    @Test
    void unknownIdListsTheAvailableOnes() {
        ServiceRegistry registry = new ServiceRegistry();
        registry.add(ServiceProperties.KIND_BENCHMARK, "synthetic", new PasskeyBenchmark(), A, null);
        registry.add(ServiceProperties.KIND_BENCHMARK, "longbench", new PasskeyBenchmark(), A, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> registry.benchmark("ruler"));
        assertEquals("benchmarks: unknown benchmark id 'ruler'; available: [longbench, synthetic]", e.getMessage());
        assertEquals("judge.id: unknown judge id 'x'; available: []",
                assertThrows(InvalidInputException.class, () -> registry.judge("x")).getMessage());
    }

    @Test
    void catalogDescribesEveryService() {
        ServiceRegistry registry = new ServiceRegistry();
        registry.add(ServiceProperties.KIND_BENCHMARK, "keys", new PasskeyBenchmark(), A, "pass keys");
        registry.add(ServiceProperties.KIND_KV, "evict", new BudgetPolicy(), B, null);
        registry.add(ServiceProperties.KIND_BACKEND, "echo", new EchoBackend(), A, null);
        List<ServiceEntry> all = registry.services();
        assertEquals(List.of("backend", "benchmark", "kv"), all.stream().map(ServiceEntry::kind).toList());
        ServiceEntry bench = registry.services(ServiceProperties.KIND_BENCHMARK).get(0);
        assertEquals("bundle.a", bench.bundle());
        assertEquals("pass keys", bench.description());
        assertEquals(List.of("exact_match"), bench.benchmark().task("passkey").orElseThrow().metrics());
        ServiceEntry kv = registry.services(ServiceProperties.KIND_KV).get(0);
        assertEquals("2.0.0", kv.bundleVersion());
        assertEquals("budget", kv.parameters().get(0).name());
    }
}
