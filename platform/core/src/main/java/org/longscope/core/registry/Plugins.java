package org.longscope.core.registry;

import java.util.Map;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.api.registry.Registry;

/**
 * The {@link Registry} with what only the run engine needs: the backend for a model that names
 * none, and the bundle behind a service (recorded in a run's spec). An unknown id throws
 * {@link org.longscope.api.InvalidInputException} listing the ids available with their bundles.
 */
public interface Plugins extends Registry {

    /** The first backend (by ranking, then id) that can open the reference, with its id. */
    Map.Entry<String, ModelBackend> backendFor(ModelRef ref);

    /** The bundle that provides a service, or {@code null} when none does. */
    Origin origin(String kind, String id);
}
