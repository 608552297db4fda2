package org.longscope.api.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A KV method chosen by id with its parameters, as written in specs and on the CLI
 * ({@code snapkv:budget=512,window=32}).
 *
 * @param id     the {@code longscope.id} of a {@link KvCachePolicy} service
 * @param params parameter values; strings are converted by the policy's {@link ParamSpec}s
 */
public record KvMethodSpec(String id, Map<String, Object> params) {
    public static final String FULL = "full";

    public KvMethodSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("KV method id must not be empty");
        }
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses {@code id} or {@code id:name=value,name=value}.
     *
     * @throws IllegalArgumentException naming the malformed part
     */
    public static KvMethodSpec parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.indexOf(':');
        String id = colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("expected a KV method like 'snapkv:budget=512', got '" + text + "'");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "expected name=value in KV method '" + text + "', got '" + pair.trim() + "'");
                }
                params.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new KvMethodSpec(id, params);
    }

    /** A short label such as {@code snapkv:budget=512}, stable for a given spec. */
    public String label() {
        if (params.isEmpty()) {
            return id;
        }
        StringBuilder sb = new StringBuilder(id).append(':');
        String sep = "";
        for (Map.Entry<String, Object> e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }
}
