/**
 * Renders Hugging Face chat templates (Jinja) the way {@code transformers} does, so prompts are
 * byte-identical to what the model was trained on. Used by the run engine, the native backend's
 * tests and the OpenAI-compatible server.
 */
@Version("1.0.0")
@Export
package org.longscope.core.template;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
