/**
 * GGUF files: reading (memory-mapped, validated header and tensor index) and writing. Exported for
 * tools that write model files, such as the trainer's export of LongScope's own model.
 */
@Version("1.0.0")
@Export
package org.longscope.nativeengine.gguf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
