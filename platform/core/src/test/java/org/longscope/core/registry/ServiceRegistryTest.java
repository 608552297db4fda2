package org.longscope.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.registry.Registered;
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
    void unknownIdListsTheAvailableOnesWithTheirBundles() {
        ServiceRegistry registry = new ServiceRegistry();
        registry.add(ServiceProperties.KIND_BENCHMARK, "synthetic", new PasskeyBenchmark(), A, null);
        registry.add(ServiceProperties.KIND_BENCHMARK, "longbench", new PasskeyBenchmark(), B, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> registry.benchmark("ruler"));
        assertEquals("benchmarks", e.location());
        assertEquals("benchmarks: unknown benchmark 'ruler'; available: [longbench (bundle.b), synthetic (bundle.a)]",
                e.getMessage());
        assertEquals("judge.id: unknown judge 'x'; available: []",
                assertThrows(InvalidInputException.class, () -> registry.judge("x")).getMessage());
        registry.add(ServiceProperties.KIND_KV, "evict", new BudgetPolicy(), A, null);
        assertEquals("calidrop.base: unknown KV method 'snapkv'; available: [evict (bundle.a)]",
                assertThrows(InvalidInputException.class, () -> registry.get(ServiceProperties.KIND_KV, "snapkv",
                        org.longscope.api.kv.KvCachePolicy.class, "calidrop.base")).getMessage());
        // a service of another type under the id is not found as this type
        assertThrows(InvalidInputException.class,
                () -> registry.get(ServiceProperties.KIND_KV, "evict", org.longscope.api.model.ModelBackend.class, "kv"));
    }

    @Test
    void listsIdsWithTheirBundlesPerKind() {
        ServiceRegistry registry = new ServiceRegistry();
        registry.add(ServiceProperties.KIND_KV, "evict", new BudgetPolicy(), B, "drops tokens");
        registry.add(ServiceProperties.KIND_KV, "another", new BudgetPolicy(), A, null);
        registry.add(ServiceProperties.KIND_BACKEND, "echo", new EchoBackend(), A, null);
        assertEquals(List.of(new Registered("kv", "another", "bundle.a", "1.0.0", ""),
                new Registered("kv", "evict", "bundle.b", "2.0.0", "drops tokens")), registry.list(ServiceProperties.KIND_KV));
        assertEquals(List.of("another", "evict"), registry.ids(ServiceProperties.KIND_KV));
        assertTrue(registry.has(ServiceProperties.KIND_KV, "evict"));
        assertFalse(registry.has(ServiceProperties.KIND_BACKEND, "evict"));
        assertTrue(registry.find(ServiceProperties.KIND_KV, "nope", org.longscope.api.kv.KvCachePolicy.class).isEmpty());
    }

    @Test
    void aSuppliedServiceIsGotOnFirstUseAndRemovedByEqualHandle() {
        ServiceRegistry registry = new ServiceRegistry();
        AtomicInteger gets = new AtomicInteger();
        BudgetPolicy policy = new BudgetPolicy();
        // as the DS component adds a service: a supplier, equal for the same service reference
        record Handle(String ref, AtomicInteger gets, Object service) implements Supplier<Object> {
            @Override
            public Object get() {
                gets.incrementAndGet();
                return service;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Handle h && h.ref.equals(ref);
            }

            @Override
            public int hashCode() {
                return ref.hashCode();
            }
        }
        assertTrue(registry.add(ServiceProperties.KIND_KV, "lazy", new Handle("r1", gets, policy), A, null));
        assertEquals(0, gets.get(), "not got while being added");
        assertSame(policy, registry.kv("lazy"));
        assertSame(policy, registry.kv("lazy"));
        assertEquals(1, gets.get(), "got once");
        registry.remove(ServiceProperties.KIND_KV, "lazy", new Handle("r1", new AtomicInteger(), null));
        assertFalse(registry.has(ServiceProperties.KIND_KV, "lazy"));
    }

    @Test
    void shippedSuitesAreFoundByNameInTheSameRegistry() {
        ServiceRegistry registry = new ServiceRegistry();
        org.longscope.core.suites.SuiteLibrary.registerShipped(registry, A);
        assertEquals(List.of("loombench", "quick", "short", "standard"), registry.ids(ServiceProperties.KIND_SUITE));
        assertEquals("quick", registry.get(ServiceProperties.KIND_SUITE, "quick", org.longscope.core.suites.Suite.class,
                "suite").name());
        assertEquals("bundle.a", registry.list(ServiceProperties.KIND_SUITE).get(0).bundle());
        assertTrue(registry.services().isEmpty(), "the plugin catalog leaves suites out");
        org.longscope.core.suites.SuiteLibrary library = new org.longscope.core.suites.SuiteLibrary(registry);
        assertEquals(List.of("quick", "standard", "short", "loombench"), library.names());
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
