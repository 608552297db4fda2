package org.longscope.core.registry;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.ServiceEntry;

/**
 * The LongScope services by kind and id. The first service registered under an id owns it; a
 * second one with the same id is refused with a log line naming both bundles (and takes over only
 * if the first goes away). Plain class: the DS component feeds it, tests fill it directly.
 */
public final class ServiceRegistry implements Plugins, Catalog {

    private static final System.Logger LOG = System.getLogger(ServiceRegistry.class.getName());

    private record Registration(String kind, String id, Object service, Origin origin, String description, int ranking) {
    }

    /** kind -> id -> active registration. */
    private final Map<String, Map<String, Registration>> active = new LinkedHashMap<>();
    /** Refused duplicates, in arrival order, promoted when the active one leaves. */
    private final List<Registration> waiting = new ArrayList<>();

    /**
     * Adds a service.
     *
     * @return false when the id is already taken (the service is refused and logged)
     */
    public boolean add(String kind, String id, Object service, Origin origin, String description) {
        return add(kind, id, service, origin, description, 0);
    }

    /**
     * Adds a service with its OSGi {@code service.ranking}: when several model backends can open a
     * model that names no backend, the highest ranking opens it (then the first id).
     *
     * @return false when the id is already taken (the service is refused and logged)
     */
    public synchronized boolean add(String kind, String id, Object service, Origin origin, String description, int ranking) {
        if (id == null || id.isBlank()) {
            LOG.log(Level.WARNING, "refused a " + kind + " service from " + origin + ": no " + ServiceProperties.ID
                    + " property");
            return false;
        }
        Registration r = new Registration(kind, id, service, origin, description, ranking);
        Map<String, Registration> ofKind = active.computeIfAbsent(kind, k -> new TreeMap<>());
        Registration existing = ofKind.get(id);
        if (existing != null) {
            LOG.log(Level.ERROR, "refused duplicate " + kind + " id '" + id + "' from bundle " + origin
                    + ": already provided by bundle " + existing.origin());
            waiting.add(r);
            return false;
        }
        ofKind.put(id, r);
        return true;
    }

    /** Removes a service (by identity); a waiting duplicate of the same id takes its place. */
    public synchronized void remove(String kind, String id, Object service) {
        waiting.removeIf(r -> r.service() == service);
        Map<String, Registration> ofKind = active.get(kind);
        if (ofKind == null || id == null) {
            return;
        }
        Registration current = ofKind.get(id);
        if (current == null || current.service() != service) {
            return;
        }
        ofKind.remove(id);
        for (Registration r : waiting) {
            if (r.kind().equals(kind) && r.id().equals(id)) {
                waiting.remove(r);
                ofKind.put(id, r);
                LOG.log(Level.INFO, kind + " id '" + id + "' now provided by bundle " + r.origin());
                break;
            }
        }
    }

    private synchronized <T> T get(String kind, String id, Class<T> type, String what) {
        Registration r = active.getOrDefault(kind, Map.of()).get(id);
        if (r == null) {
            throw new InvalidInputException(what, "unknown " + kind + " id '" + id + "'; available: " + ids(kind));
        }
        return type.cast(r.service());
    }

    /** Ids of a kind, sorted. */
    public synchronized List<String> ids(String kind) {
        return List.copyOf(active.getOrDefault(kind, Map.of()).keySet());
    }

    @Override
    public ModelBackend backend(String id) {
        return get(ServiceProperties.KIND_BACKEND, id, ModelBackend.class, "model.backend");
    }

    @Override
    public synchronized Map.Entry<String, ModelBackend> backendFor(ModelRef ref) {
        List<Registration> byRanking = new ArrayList<>(active.getOrDefault(ServiceProperties.KIND_BACKEND, Map.of()).values());
        byRanking.sort(Comparator.comparingInt(Registration::ranking).reversed()); // stable: ids stay sorted within a ranking
        for (Registration r : byRanking) {
            ModelBackend backend = (ModelBackend) r.service();
            if (backend.canOpen(ref)) {
                return Map.entry(r.id(), backend);
            }
        }
        throw new InvalidInputException("model.ref", "no model backend can open '" + ref.reference()
                + "'; available backends: " + ids(ServiceProperties.KIND_BACKEND) + " (name one with model.backend)");
    }

    @Override
    public KvCachePolicy kv(String id) {
        return get(ServiceProperties.KIND_KV, id, KvCachePolicy.class, "kv");
    }

    @Override
    public boolean hasKv(String id) {
        return ids(ServiceProperties.KIND_KV).contains(id);
    }

    @Override
    public BenchmarkAdapter benchmark(String id) {
        return get(ServiceProperties.KIND_BENCHMARK, id, BenchmarkAdapter.class, "benchmarks");
    }

    @Override
    public RewardJudge judge(String id) {
        return get(ServiceProperties.KIND_JUDGE, id, RewardJudge.class, "judge.id");
    }

    @Override
    public synchronized Origin origin(String kind, String id) {
        Registration r = active.getOrDefault(kind, Map.of()).get(id);
        return r == null ? null : r.origin();
    }

    @Override
    public List<ServiceEntry> services() {
        List<Registration> all;
        synchronized (this) {
            all = active.values().stream().flatMap(m -> m.values().stream()).toList();
        }
        List<ServiceEntry> entries = new ArrayList<>();
        for (Registration r : all) {
            entries.add(entry(r));
        }
        entries.sort(Comparator.comparing(ServiceEntry::kind).thenComparing(ServiceEntry::id));
        return entries;
    }

    private static ServiceEntry entry(Registration r) {
        // Plugin code runs here: a failing info() must not break the listing.
        try {
            return switch (r.service()) {
                case BenchmarkAdapter b -> new ServiceEntry(r.kind(), r.id(), r.origin().bundle(), r.origin().version(),
                        r.description(), b.info(), List.of());
                case KvCachePolicy k -> new ServiceEntry(r.kind(), r.id(), r.origin().bundle(), r.origin().version(),
                        r.description(), null, k.parameters());
                default -> new ServiceEntry(r.kind(), r.id(), r.origin().bundle(), r.origin().version(),
                        r.description(), null, List.of());
            };
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, r.kind() + " '" + r.id() + "' from " + r.origin() + " failed to describe itself", e);
            return new ServiceEntry(r.kind(), r.id(), r.origin().bundle(), r.origin().version(),
                    "error: " + e.getMessage(), null, List.of());
        }
    }
}
