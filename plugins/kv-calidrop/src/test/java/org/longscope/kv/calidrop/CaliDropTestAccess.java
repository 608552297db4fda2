package org.longscope.kv.calidrop;

import java.util.Map;
import org.longscope.api.kv.KvCachePolicy;

/** Binds policies into a CaliDrop instance the way Declarative Services does, for tests and benchmarks. */
public final class CaliDropTestAccess {
    private CaliDropTestAccess() {
    }

    public static void bind(CaliDropPolicy calidrop, KvCachePolicy policy, String id) {
        calidrop.bindPolicy(policy, Map.of("longscope.kind", "kv", "longscope.id", id));
    }
}
