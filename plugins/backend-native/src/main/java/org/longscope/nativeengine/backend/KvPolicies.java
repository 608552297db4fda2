package org.longscope.nativeengine.backend;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvCachePolicy;

/**
 * The KV-cache methods currently registered, by {@code longscope.id}. Filled by the backend
 * component's dynamic reference; looked up per request. A second service with an id already
 * present is refused with a log line, never silently shadowing the first.
 */
public final class KvPolicies {
    private static final System.Logger LOG = System.getLogger(KvPolicies.class.getName());

    private final Map<String, KvCachePolicy> byId = new ConcurrentHashMap<>();

    public void add(String id, KvCachePolicy policy) {
        if (id == null || id.isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a KV method service without longscope.id: " + policy);
            return;
        }
        KvCachePolicy previous = byId.putIfAbsent(id, policy);
        if (previous != null && previous != policy) {
            LOG.log(System.Logger.Level.WARNING, "refusing a second KV method with id '" + id + "' (" + policy.getClass().getName()
                    + "); keeping " + previous.getClass().getName());
        }
    }

    public void remove(String id, KvCachePolicy policy) {
        if (id != null) {
            byId.remove(id, policy);
        }
    }

    /** Ids available now, sorted. */
    public List<String> ids() {
        return List.copyOf(new TreeMap<>(byId).keySet());
    }

    /**
     * The policy with this id.
     *
     * @throws InvalidInputException listing the available ids when none has it
     */
    public KvCachePolicy require(String id) {
        KvCachePolicy p = byId.get(id);
        if (p == null) {
            throw new InvalidInputException("kvMethod", "unknown KV method '" + id + "'; available: " + ids());
        }
        return p;
    }
}
