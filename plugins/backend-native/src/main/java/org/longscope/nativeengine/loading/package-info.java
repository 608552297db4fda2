/**
 * Opening a model: GGUF files and Hugging Face folders (config.json, safetensors, tokenizer) into
 * a {@link org.longscope.nativeengine.model.LoadedModel}. It sits above the format packages
 * ({@code gguf}, {@code safetensors}, {@code tokenizer}) and the model types they share, so none of
 * those depends on another's loader. Exported for tools that read or convert models.
 */
@Version("1.0.0")
@Export
package org.longscope.nativeengine.loading;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
