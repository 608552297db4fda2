package org.longscope.api.kv;

import java.util.List;
import java.util.Map;

/**
 * A KV-cache method (full, StreamingLLM, SnapKV, KIVI, ...). Registered as an OSGi service with
 * {@code longscope.kind=kv} and {@code longscope.id=<id>}.
 *
 * <p>The policy is stateless and thread-safe; all per-sequence state lives in the caches it creates.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface KvCachePolicy {

    /** Every parameter this method takes, each with its default and valid range. */
    List<ParamSpec> parameters();

    /**
     * Creates the cache of one sequence.
     *
     * @param geometry the model's cache geometry
     * @param params   parameter values by name; missing ones take their default. Values may be
     *                 strings (from the CLI) or typed; use {@link ParamSpec#resolve} to validate.
     * @throws org.longscope.api.InvalidInputException for an unknown parameter or a value out of range,
     *                naming the parameter and the valid range
     */
    KvCache create(CacheGeometry geometry, Map<String, Object> params);
}
