package org.longscope.api.model;

/**
 * What to open: a local path (a GGUF file or a Hugging Face model directory), a hub id
 * ({@code Qwen/Qwen2.5-0.5B-Instruct}), or a server URL, depending on the backend.
 *
 * @param reference the path, hub id or URL
 */
public record ModelRef(String reference) {
    public ModelRef {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("model reference must not be empty");
        }
    }
}
