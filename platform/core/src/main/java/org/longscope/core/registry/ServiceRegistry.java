package org.longscope.core.registry;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.api.registry.Registered;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.ServiceEntry;

/**
 * The LongScope services by kind and id: the one implementation of the API's
 * {@link org.longscope.api.registry.Registry}. The first service registered under an id owns it; a
 * second one with the same id is refused with a log line naming both bundles (and takes over only
 * if the first goes away). Plain class: the DS component feeds it, tests fill it directly.
 *
 * <p>A service may be entered as a {@link Supplier} that gets it on first use (the DS component
 * passes {@code ComponentServiceObjects::getService}): a plugin that itself references the registry
 * is then activated by its first lookup, not while the registry binds it.
 */
public final class ServiceRegistry implements Plugins, Catalog {

    private static final System.Logger LOG = System.getLogger(ServiceRegistry.class.getName());

    private static final class Registration {
        final String kind;
        final String id;
        final Object handle; // what was added: identity for remove
        final Supplier<?> supplier;
        final Origin origin;
        final String description;
        final int ranking;
        private Object service;

        Registration(String kind, String id, Object handle, Origin origin, String description, int ranking) {
            this.kind = kind;
            this.id = id;
            this.handle = handle;
            this.supplier = handle instanceof Supplier<?> s ? s : null;
            this.origin = origin;
            this.description = description;
            this.ranking = ranking;
        }

        /** The service; a supplier is asked once, outside the registry's lock. */
        synchronized Object service() {
            if (supplier == null) {
                return handle;
            }
            if (service == null) {
                service = supplier.get();
            }
            return service;
        }

        boolean isHandle(Object other) {
            return handle == other || (supplier != null && handle.equals(other));
        }

        Registered describe() {
            return new Registered(kind, id, origin.bundle(), origin.version(), description);
        }
    }

    /** kind -> id -> active registration. */
    private final Map<String, Map<String, Registration>> active = new LinkedHashMap<>();
    /** Refused duplicates, in arrival order, promoted when the active one leaves. */
    private final List<Registration> waiting = new ArrayList<>();

    /**
     * Adds a service (or a {@link Supplier} of it).
     *
     * @return false when the id is already taken (the service is refused and logged)
     */
    public boolean add(String kind, String id, Object service, Origin origin, String description) {
        return add(kind, id, service, origin, description, 0);
    }

    /**
     * Adds a service (or a {@link Supplier} of it) with its OSGi {@code service.ranking}: when
     * several model backends can open a model that names no backend, the highest ranking opens it
     * (then the first id).
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
                    + ": already provided by bundle " + existing.origin);
            waiting.add(r);
            return false;
        }
        ofKind.put(id, r);
        return true;
    }

    /**
     * Removes a service: the one added as this object (by identity; a {@link Supplier} also by
     * {@code equals}). A waiting duplicate of the same id takes its place.
     */
    public synchronized void remove(String kind, String id, Object service) {
        waiting.removeIf(r -> r.isHandle(service));
        Map<String, Registration> ofKind = active.get(kind);
        if (ofKind == null || id == null) {
            return;
        }
        Registration current = ofKind.get(id);
        if (current == null || !current.isHandle(service)) {
            return;
        }
        ofKind.remove(id);
        for (Registration r : waiting) {
            if (r.kind.equals(kind) && r.id.equals(id)) {
                waiting.remove(r);
                ofKind.put(id, r);
                LOG.log(Level.INFO, kind + " id '" + id + "' now provided by bundle " + r.origin);
                break;
            }
        }
    }

    private synchronized Registration registration(String kind, String id) {
        return id == null ? null : active.getOrDefault(kind, Map.of()).get(id);
    }

    private synchronized List<Registration> registrations(String kind) {
        return List.copyOf(active.getOrDefault(kind, Map.of()).values());
    }

    @Override
    public <T> T get(String kind, String id, Class<T> type, String field) {
        Registration r = registration(kind, id);
        Object service = r == null ? null : r.service();
        if (!type.isInstance(service)) {
            throw unknown(kind, id, field);
        }
        return type.cast(service);
    }

    @Override
    public <T> Optional<T> find(String kind, String id, Class<T> type) {
        Registration r = registration(kind, id);
        Object service = r == null ? null : r.service();
        return type.isInstance(service) ? Optional.of(type.cast(service)) : Optional.empty();
    }

    /**
     * The unknown-id error: {@code <field>: unknown KV method 'x'; available: [a (bundle.a), b (bundle.b)]}.
     */
    public InvalidInputException unknown(String kind, String id, String field) {
        List<String> available = list(kind).stream().map(Registered::label).toList();
        return new InvalidInputException(field, "unknown " + noun(kind) + " '" + id + "'; available: " + available);
    }

    /** How messages name a kind. */
    static String noun(String kind) {
        return switch (kind) {
            case ServiceProperties.KIND_BACKEND -> "model backend";
            case ServiceProperties.KIND_KV -> "KV method";
            default -> kind;
        };
    }

    @Override
    public List<Registered> list(String kind) {
        return registrations(kind).stream().map(Registration::describe).toList();
    }

    @Override
    public synchronized List<String> ids(String kind) {
        return List.copyOf(active.getOrDefault(kind, Map.of()).keySet());
    }

    @Override
    public synchronized boolean has(String kind, String id) {
        return registration(kind, id) != null;
    }

    @Override
    public Map.Entry<String, ModelBackend> backendFor(ModelRef ref) {
        List<Registration> byRanking = new ArrayList<>(registrations(ServiceProperties.KIND_BACKEND));
        byRanking.sort(Comparator.comparingInt((Registration r) -> r.ranking).reversed()); // stable: ids stay sorted within a ranking
        for (Registration r : byRanking) {
            if (r.service() instanceof ModelBackend backend && backend.canOpen(ref)) {
                return Map.entry(r.id, backend);
            }
        }
        throw new InvalidInputException("model.ref", "no model backend can open '" + ref.reference()
                + "'; available backends: " + list(ServiceProperties.KIND_BACKEND).stream().map(Registered::label).toList()
                + " (name one with model.backend)");
    }

    @Override
    public Origin origin(String kind, String id) {
        Registration r = registration(kind, id);
        return r == null ? null : r.origin;
    }

    /** The plugin services (backends, KV methods, benchmarks, judges), without the suites. */
    @Override
    public List<ServiceEntry> services() {
        List<Registration> all;
        synchronized (this) {
            all = active.entrySet().stream().filter(e -> !e.getKey().equals(ServiceProperties.KIND_SUITE))
                    .flatMap(e -> e.getValue().values().stream()).toList();
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
                case BenchmarkAdapter b -> new ServiceEntry(r.kind, r.id, r.origin.bundle(), r.origin.version(),
                        r.description, b.info(), List.of());
                case KvCachePolicy k -> new ServiceEntry(r.kind, r.id, r.origin.bundle(), r.origin.version(),
                        r.description, null, k.parameters());
                case null -> throw new IllegalStateException("the service is no longer available");
                default -> new ServiceEntry(r.kind, r.id, r.origin.bundle(), r.origin.version(),
                        r.description, null, List.of());
            };
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, r.kind + " '" + r.id + "' from " + r.origin + " failed to describe itself", e);
            return new ServiceEntry(r.kind, r.id, r.origin.bundle(), r.origin.version(),
                    "error: " + e.getMessage(), null, List.of());
        }
    }
}
