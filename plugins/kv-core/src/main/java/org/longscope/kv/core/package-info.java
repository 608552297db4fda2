/**
 * Shared building blocks of KV-cache methods, composed by the method bundles the way kvpress
 * composes its presses: a dense off-heap store per layer and KV head ({@link DenseHeadStore}) and the
 * dense cache over them ({@link DenseKvCache}); a blockwise online-softmax attention kernel over one or
 * more {@link KvSpan}s ({@link AttentionKernel}); eviction as a composition ({@link Eviction},
 * {@link EvictingCache}) of a scorer ({@link KeyScorer}: {@link WindowAttentionScorer},
 * {@link AccumulatedAttention}), a budget rule ({@link BudgetRule}) and one shared selection
 * ({@link TokenSelection}, over {@link TopK}); group quantizers ({@link GroupQuantizer}), 1-D pooling
 * ({@link Pooling}) and RoPE re-rotation ({@link Rotary}). Wrappers decorate any {@link DenseCache}.
 *
 * <p>2.0.0: the dense cache is a final store, no longer a base class with hooks; eviction methods
 * compose {@link EvictingCache}; {@link EvictionListener} is a top-level type.
 */
@Version("2.0.0")
@Export
package org.longscope.kv.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
