package org.longscope.core.registry;

/** The bundle a service comes from. */
public record Origin(String bundle, String version) {
    @Override
    public String toString() {
        return bundle + " " + version;
    }
}
