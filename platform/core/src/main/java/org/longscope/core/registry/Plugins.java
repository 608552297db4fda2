package org.longscope.core.registry;

import java.util.List;
import java.util.Map;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;

/**
 * Lookup of services by id, as the run engine needs it. An unknown id throws
 * {@link org.longscope.api.InvalidInputException} listing the ids available.
 */
public interface Plugins {

    ModelBackend backend(String id);

    /** The first backend (by id) that can open the reference, with its id. */
    Map.Entry<String, ModelBackend> backendFor(ModelRef ref);

    KvCachePolicy kv(String id);

    boolean hasKv(String id);

    BenchmarkAdapter benchmark(String id);

    RewardJudge judge(String id);

    /** The bundle that provides a service, or {@code null} when none does. */
    Origin origin(String kind, String id);

    List<String> ids(String kind);
}
