package org.longscope.api.bench;

import java.util.Map;

/**
 * One evaluation sample.
 *
 * @param id           stable id, unique within its task (e.g. {@code 4096-d25-s3})
 * @param task         task name
 * @param targetLength target length in model tokens, or 0 for dataset samples
 * @param data         the sample's content: JSON-friendly values only (String, Number, Boolean,
 *                     List, Map), because it is stored with the result
 */
public record Sample(String id, String task, int targetLength, Map<String, Object> data) {
    public Sample {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public String string(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }
}
