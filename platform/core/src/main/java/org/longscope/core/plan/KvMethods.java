package org.longscope.core.plan;

import java.util.ArrayList;
import java.util.List;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.ParamSpec;
import org.longscope.core.registry.Plugins;

/**
 * The KV methods a run compares. No method means the full cache only; several methods make a
 * comparison run with {@code full} added as the reference row. Parameters are validated against
 * each policy's {@link ParamSpec}s before any work starts.
 */
public final class KvMethods {
    private KvMethods() {
    }

    /** The methods to run, in report order; {@code null} stands for the full cache. */
    public static List<KvMethodSpec> resolve(List<KvMethodSpec> requested, Plugins plugins) {
        List<KvMethodSpec> methods = new ArrayList<>();
        boolean hasFull = requested.stream().anyMatch(KvMethods::isFull);
        if (requested.isEmpty() || (requested.size() > 1 && !hasFull)) {
            methods.add(null);
        }
        for (int i = 0; i < requested.size(); i++) {
            KvMethodSpec m = requested.get(i);
            if (isFull(m)) {
                methods.add(null);
                continue;
            }
            KvCachePolicy policy;
            try {
                policy = plugins.kv(m.id());
            } catch (InvalidInputException e) {
                throw Errors.at("kv[" + i + "]", e);
            }
            try {
                ParamSpec.resolve(m.id(), policy.parameters(), m.params());
            } catch (InvalidInputException e) {
                throw Errors.at("kv[" + i + "]." + e.location(), e);
            }
            methods.add(m);
        }
        return methods;
    }

    /** {@code full} without parameters is the uncompressed reference cache. */
    public static boolean isFull(KvMethodSpec m) {
        return m == null || (m.id().equals(KvMethodSpec.FULL) && m.params().isEmpty());
    }

    public static String label(KvMethodSpec m) {
        return m == null ? KvMethodSpec.FULL : m.label();
    }
}
