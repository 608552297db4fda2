package org.longscope.api.registry;

import java.util.List;
import java.util.Optional;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.ModelBackend;

/**
 * The LongScope services by kind ({@link ServiceProperties#KIND_BACKEND}, {@code kv},
 * {@code benchmark}, {@code judge}, {@code suite}) and id, as registered now. One OSGi service,
 * provided by the core bundle and fed by the OSGi service registry; thread-safe. Lookups are per
 * use: a service that goes away is gone from the next lookup, so callers do not keep what they
 * found beyond the work at hand.
 *
 * <p>Every id is unique per kind: the first service registered under an id owns it, a second one
 * is refused with a log line naming both bundles.
 *
 * <p>An unknown id throws {@link InvalidInputException} at the field given, listing the ids that
 * exist with their bundles: {@code kv: unknown KV method 'snapk'; available: [full
 * (org.longscope.kv.core), snapkv (org.longscope.kv.eviction)]}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Registry {

    /**
     * The service of a kind with this id.
     *
     * @param field the spec field or parameter the id came from, named by the error
     * @throws InvalidInputException when no service of the kind has the id (or it is not a {@code type}),
     *             listing the ids of that kind with their bundles
     */
    <T> T get(String kind, String id, Class<T> type, String field);

    /** The service of a kind with this id, if there is one of that type. */
    <T> Optional<T> find(String kind, String id, Class<T> type);

    /** The services of one kind, ordered by id. */
    List<Registered> list(String kind);

    /** Ids of one kind, sorted. */
    default List<String> ids(String kind) {
        return list(kind).stream().map(Registered::id).toList();
    }

    default boolean has(String kind, String id) {
        return list(kind).stream().anyMatch(r -> r.id().equals(id));
    }

    /** A model backend by id; errors name {@code model.backend}. */
    default ModelBackend backend(String id) {
        return get(ServiceProperties.KIND_BACKEND, id, ModelBackend.class, "model.backend");
    }

    /** A KV-cache method by id; errors name {@code kv}. */
    default KvCachePolicy kv(String id) {
        return get(ServiceProperties.KIND_KV, id, KvCachePolicy.class, "kv");
    }

    /** A benchmark adapter by id; errors name {@code benchmarks}. */
    default BenchmarkAdapter benchmark(String id) {
        return get(ServiceProperties.KIND_BENCHMARK, id, BenchmarkAdapter.class, "benchmarks");
    }

    /** A reward judge by id; errors name {@code judge.id}. */
    default RewardJudge judge(String id) {
        return get(ServiceProperties.KIND_JUDGE, id, RewardJudge.class, "judge.id");
    }
}
