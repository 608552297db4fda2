package org.longscope.nativeengine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.api.registry.Registry;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code native} model backend: opens GGUF files and Hugging Face model directories with the
 * pure-Java engine. KV-cache methods are found per request by id in the platform's
 * {@link Registry} ({@code full} when the request names none), so a method from any bundle,
 * installed after the model was opened, applies at once.
 *
 * <p>Options: {@code threads}, {@code chunk_size}, {@code kv_dtype} (see {@link NativeOptions}).
 *
 * <p>Its {@code service.ranking} of 10 makes it open a model that names no backend when another
 * backend (such as {@code djl}) could open it too: only this engine applies KV-cache methods.
 */
@Component(service = ModelBackend.class, property = {"longscope.kind=backend", "longscope.id=native",
        "longscope.description=Pure-Java engine for GGUF and safetensors models with an open KV cache",
        "service.ranking:Integer=10"})
public final class NativeBackend implements ModelBackend {
    /** Where KV-cache methods are found by id, per request. */
    @Reference
    private Registry registry;
    /** Outside the platform without a registry: the {@code full} cache given by {@link #addPolicy}. */
    private volatile KvCachePolicy standaloneFull;

    /** For Declarative Services, which injects the registry. */
    public NativeBackend() {
    }

    /** Outside the framework (tests, tools): KV methods come from {@code registry}. */
    public NativeBackend(Registry registry) {
        this.registry = registry;
    }

    /**
     * Gives a backend made without a registry its {@code full} cache, the only method it can then
     * apply; other ids need {@link #NativeBackend(Registry)}.
     *
     * @deprecated KV methods come from the {@link Registry}; use {@link #NativeBackend(Registry)}
     */
    @Deprecated(forRemoval = true)
    public void addPolicy(KvCachePolicy policy, Map<String, Object> properties) {
        Object id = properties.get(ServiceProperties.ID);
        if (!KvMethodSpec.FULL.equals(id)) {
            throw new UnsupportedOperationException("KV method '" + id + "': a native backend finds KV methods in"
                    + " the registry; outside the platform use new NativeBackend(registry)");
        }
        standaloneFull = policy;
    }

    /**
     * The KV method with this id, looked up in the registry now.
     *
     * @throws InvalidInputException naming {@code kvMethod} and listing the methods there are, with their bundles
     */
    KvCachePolicy policy(String id) {
        Registry r = registry;
        if (r != null) {
            return r.get(ServiceProperties.KIND_KV, id, KvCachePolicy.class, "kvMethod");
        }
        KvCachePolicy full = standaloneFull;
        if (full != null && KvMethodSpec.FULL.equals(id)) {
            return full;
        }
        throw new InvalidInputException("kvMethod", "unknown KV method '" + id + "'; available: "
                + (full == null ? "[]" : "[full]") + " (this native backend has no registry)");
    }

    @Override
    public boolean canOpen(ModelRef ref) {
        try {
            Path p = Path.of(ref.reference());
            if (Files.isDirectory(p)) {
                return Files.isRegularFile(p.resolve("config.json"));
            }
            return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf");
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public LanguageModel open(ModelRef ref, Map<String, Object> options) throws IOException {
        NativeOptions parsed = NativeOptions.parse(options);
        LoadedModel loaded = ModelLoader.load(Path.of(ref.reference()));
        try {
            return new NativeLanguageModel(loaded, this::policy, parsed);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }
}
