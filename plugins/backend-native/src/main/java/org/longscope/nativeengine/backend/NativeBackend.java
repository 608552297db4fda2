package org.longscope.nativeengine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import org.longscope.api.ServiceProperties;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code native} model backend: opens GGUF files and Hugging Face model directories with the
 * pure-Java engine. KV-cache methods are the {@code longscope.kind=kv} services registered now,
 * chosen per request by id ({@code full} when the request names none).
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
    private final KvPolicies policies = new KvPolicies();

    @Reference(service = KvCachePolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(longscope.kind=kv)", unbind = "removePolicy")
    public void addPolicy(KvCachePolicy policy, Map<String, Object> properties) {
        policies.add(idOf(properties), policy);
    }

    public void removePolicy(KvCachePolicy policy, Map<String, Object> properties) {
        policies.remove(idOf(properties), policy);
    }

    private static String idOf(Map<String, Object> properties) {
        Object id = properties.get(ServiceProperties.ID);
        return id == null ? null : id.toString();
    }

    /** The KV methods available now. */
    public KvPolicies policies() {
        return policies;
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
            return new NativeLanguageModel(loaded, policies, parsed);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }
}
