/**
 * One Llama-family decoder (Llama, Mistral, Qwen2, Qwen3) on DJL's NDArray/Block API: the model
 * definition shared by the {@code djl} backend and the model trainer, with Hugging Face
 * {@code config.json} and safetensors reading and writing.
 */
@Version("1.0.0")
@Export
package org.longscope.djl.llama;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
