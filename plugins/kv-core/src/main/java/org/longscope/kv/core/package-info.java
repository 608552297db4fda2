/**
 * Shared building blocks of KV-cache methods, composed by the method bundles the way kvpress
 * composes its presses: a dense off-heap store per layer and KV head ({@link DenseHeadStore}), a
 * blockwise online-softmax attention kernel over one or more {@link KvSpan}s
 * ({@link AttentionKernel}), key scorers ({@link WindowAttentionScorer}, {@link AccumulatedAttention}),
 * group quantizers ({@link GroupQuantizer}), 1-D pooling ({@link Pooling}), top-k selection
 * ({@link TopK}), RoPE re-rotation ({@link Rotary}) and a dense cache base class with eviction hooks
 * ({@link DenseKvCache}).
 */
@Version("1.0.0")
@Export
package org.longscope.kv.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
