package org.longscope.api.spec;

import java.util.Map;

/**
 * The model to open.
 *
 * @param backend   {@code longscope.id} of the model backend, or {@code null} to pick the first
 *                  backend whose {@code canOpen} accepts the reference
 * @param reference path, hub id or URL
 * @param options   backend options
 */
public record ModelSpec(String backend, String reference, Map<String, Object> options) {
    public ModelSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
