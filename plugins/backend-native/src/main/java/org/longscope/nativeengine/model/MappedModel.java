package org.longscope.nativeengine.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.longscope.api.model.Tokenizer;

/**
 * A {@link LoadedModel} whose tensors live in mapped files; closing it closes the files (and the
 * tokenizer when it holds native resources).
 */
public final class MappedModel implements LoadedModel {
    private final Path source;
    private final ModelConfig config;
    private final Map<String, Tensor> tensors;
    private final Tokenizer tokenizer;
    private final String chatTemplate;
    private final String bosToken;
    private final String eosToken;
    private final int[] stopTokenIds;
    private final boolean addBos;
    private final Map<String, Object> details;
    private final List<AutoCloseable> resources;

    public MappedModel(Path source, ModelConfig config, Map<String, Tensor> tensors, Tokenizer tokenizer,
            String chatTemplate, String bosToken, String eosToken, int[] stopTokenIds, boolean addBos,
            Map<String, Object> details, List<AutoCloseable> resources) {
        this.source = source;
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.stopTokenIds = stopTokenIds.clone();
        this.addBos = addBos;
        this.details = Collections.unmodifiableMap(details);
        this.resources = List.copyOf(resources);
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String chatTemplate() {
        return chatTemplate;
    }

    @Override
    public String bosToken() {
        return bosToken;
    }

    @Override
    public String eosToken() {
        return eosToken;
    }

    @Override
    public int[] stopTokenIds() {
        return stopTokenIds.clone();
    }

    @Override
    public boolean addBos() {
        return addBos;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + source, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
