package org.longscope.djl.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code djl} model backend: Hugging Face Llama, Mistral, Qwen2 and Qwen3 checkpoints
 * (safetensors) through the DJL model definition on the PyTorch engine, on CPU or a GPU. It is the
 * independent implementation the native engine is checked against; it takes no KV methods.
 *
 * <p>Option {@code device}: {@code auto} (default: a GPU when the engine finds one), {@code cpu} or {@code gpu}.
 */
@Component(service = ModelBackend.class, property = {"longscope.kind=backend", "longscope.id=djl",
        "longscope.description=DJL (PyTorch) runner of Hugging Face Llama-family checkpoints, the native engine's cross-check"})
public final class DjlBackend implements ModelBackend {
    public static final String DEVICE = "device";
    private static final List<String> DEVICES = List.of("auto", "cpu", "gpu");

    @Override
    public boolean canOpen(ModelRef ref) {
        try {
            Path p = Path.of(ref.reference());
            return Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public LanguageModel open(ModelRef ref, Map<String, Object> options) throws IOException {
        String device = "auto";
        for (Map.Entry<String, Object> e : (options == null ? Map.<String, Object>of() : options).entrySet()) {
            if (!e.getKey().equals(DEVICE)) {
                throw new InvalidInputException("options." + e.getKey(), "unknown option of the djl backend; known: [device]");
            }
            device = String.valueOf(e.getValue()).trim();
            if (!DEVICES.contains(device)) {
                throw new InvalidInputException("options.device", "expected one of " + DEVICES + ", got '" + device + "'");
            }
        }
        Path dir;
        try {
            dir = Path.of(ref.reference());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("model", "not a path: '" + ref.reference() + "'");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(ref.reference(), "the djl backend opens Hugging Face model directories "
                    + "(config.json, *.safetensors, tokenizer.json); no such directory");
        }
        return DjlLanguageModel.open(dir, DjlEngine.device(device));
    }
}
