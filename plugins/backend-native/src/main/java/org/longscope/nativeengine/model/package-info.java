/**
 * Model files as the engine reads them: the configuration, tensor types and specs, row decoders,
 * GGUF and safetensors loading. Exported for tools that convert or write models.
 */
@Version("1.0.0")
@Export
package org.longscope.nativeengine.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
