package org.longscope.nativeengine.loading;

import java.nio.file.Files;
import java.nio.file.Path;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.gguf.GgufReader;
import org.longscope.nativeengine.loading.GgufModelLoader;
import org.longscope.nativeengine.loading.HfModelLoader;
import org.longscope.nativeengine.model.LoadedModel;

/** Opens a model: a GGUF file, or a Hugging Face directory with config.json and safetensors. */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** Loads and validates the model; the caller closes it. Bad files throw {@link InvalidInputException}. */
    public static LoadedModel load(Path path) {
        if (Files.isDirectory(path)) {
            return HfModelLoader.load(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path.toString(), "no such model file or directory");
        }
        if (GgufReader.looksLikeGguf(path) || path.getFileName().toString().endsWith(".gguf")) {
            return GgufModelLoader.load(path);
        }
        String name = path.getFileName().toString();
        if (name.equals("config.json") || name.endsWith(".safetensors") || name.equals("model.safetensors.index.json")) {
            return HfModelLoader.load(path.getParent());
        }
        throw new InvalidInputException(path.toString(), "not a model: expected a .gguf file or a Hugging Face model directory");
    }
}
