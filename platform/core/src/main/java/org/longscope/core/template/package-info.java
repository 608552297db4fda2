/**
 * Renders Hugging Face chat templates (Jinja) the way {@code transformers} does, so prompts are
 * byte-identical to what the model was trained on. Used inside the core bundle by the prompt
 * preparer; private to it (the native backend's tests use it from the class path).
 */
package org.longscope.core.template;
