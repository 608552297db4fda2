package org.longscope.core.runs;

import java.util.List;

/**
 * The LongScope services available now, per kind ({@code backend}, {@code kv}, {@code benchmark},
 * {@code judge}), for listings such as {@code longscope benchmarks} and {@code GET /api/plugins}.
 * One OSGi service, provided by the core bundle; thread-safe.
 */
public interface Catalog {

    /** Every registered service, ordered by kind then id. */
    List<ServiceEntry> services();

    /** The services of one kind, ordered by id. */
    default List<ServiceEntry> services(String kind) {
        return services().stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
