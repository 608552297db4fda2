package org.longscope.api.registry;

/**
 * One service in the registry.
 *
 * @param kind          {@code backend}, {@code kv}, {@code benchmark}, {@code judge} or {@code suite}
 * @param id            its {@code longscope.id}, unique per kind
 * @param bundle        symbolic name of the bundle that provides it
 * @param bundleVersion that bundle's version
 * @param description   the {@code longscope.description} property, or empty
 */
public record Registered(String kind, String id, String bundle, String bundleVersion, String description) {
    public Registered {
        description = description == null ? "" : description;
    }

    /** {@code id (bundle)}, as unknown-id errors list the ids that exist. */
    public String label() {
        return id + " (" + bundle + ")";
    }
}
