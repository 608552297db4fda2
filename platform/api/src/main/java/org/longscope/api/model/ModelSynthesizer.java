package org.longscope.api.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes random-weight models of real shapes, for tests and engine measurements without a
 * download ({@code longscope model synth}). A backend bundle that can write its own formats
 * registers it as a service; the CLI finds it there.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ModelSynthesizer {

    /**
     * @param arguments the command's arguments (e.g. {@code --shape qwen2.5-0.5b --dtype q8_0 --format gguf --out PATH})
     * @return the file or folder written
     * @throws org.longscope.api.InvalidInputException for a bad argument, naming it and what is expected
     */
    Path synthesize(List<String> arguments);
}
