package org.longscope.api;

/**
 * Service properties every LongScope service carries. A plugin registers each service with
 * {@link #KIND} set to one of the kind constants and {@link #ID} set to a short name that is unique
 * for that kind (for example {@code snapkv}); specs, the CLI and REST URLs use that id.
 *
 * <p>With Declarative Services: {@code @Component(property = {"longscope.kind=kv", "longscope.id=snapkv"})}.
 */
public final class ServiceProperties {
    /** Service property naming the kind of service: one of the {@code KIND_*} values. */
    public static final String KIND = "longscope.kind";
    /** Service property holding the service's short id, unique per kind. */
    public static final String ID = "longscope.id";
    /** Optional service property: a one-line human description. */
    public static final String DESCRIPTION = "longscope.description";

    public static final String KIND_BACKEND = "backend";
    public static final String KIND_KV = "kv";
    public static final String KIND_BENCHMARK = "benchmark";
    public static final String KIND_JUDGE = "judge";
    /**
     * Named sets of benchmarks ({@code longscope run --suite quick}). Not a service interface: the
     * core bundle enters its shipped suites into the registry under this kind.
     */
    public static final String KIND_SUITE = "suite";

    private ServiceProperties() {
    }
}
