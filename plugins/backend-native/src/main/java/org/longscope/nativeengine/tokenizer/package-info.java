/**
 * The engine's tokenizers (byte-level BPE, SentencePiece, tiktoken) and their files
 * ({@code tokenizer.json}, GGUF vocabularies). Exported for tools that write model files.
 */
@Version("1.0.0")
@Export
package org.longscope.nativeengine.tokenizer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
