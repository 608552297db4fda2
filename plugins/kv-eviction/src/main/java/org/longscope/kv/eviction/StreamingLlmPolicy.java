package org.longscope.kv.eviction;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.DenseHeadStore;
import org.longscope.kv.core.DenseKvCache;
import org.longscope.kv.core.Rotary;
import org.osgi.service.component.annotations.Component;

/**
 * StreamingLLM (Xiao et al., 2023): keep the first {@code sinks} tokens (attention sinks) and the
 * most recent {@code budget - sinks}. The prompt is attended in full and trimmed at the end of
 * prefill; while decoding, room for the new token is made before it is appended, so a cache never
 * holds more than {@code budget} tokens per head once decoding runs.
 *
 * <p>{@code rerotate=true} uses positions inside the cache, as the original method does: a key's
 * rotation is that of its slot, not of its absolute position, and a query is rotated to its own
 * slot. Stored keys are kept rotated at their slot (equivalent to storing them before RoPE and
 * rotating at use, computed incrementally): an incoming key is moved from its absolute position to
 * its slot, and keys that shift down after an eviction are rotated back by the shift. Needs the
 * model's {@link CacheGeometry#rope()}. Default {@code false}: keys keep their absolute rotation.
 *
 * <p>Bytes resident per KV head: {@code min(tokens, budget) * 2 * headDim * bytes(dtype)}.
 */
@Component(service = KvCachePolicy.class, property = {"longscope.kind=kv", "longscope.id=streamingllm",
        "longscope.description=StreamingLLM: attention sinks plus a recent window"})
public final class StreamingLlmPolicy implements KvCachePolicy {
    public static final String ID = "streamingllm";

    private static final List<ParamSpec> PARAMS = List.of(
            Params.BUDGET,
            ParamSpec.integer("sinks", 4, 0, 1 << 16, "first tokens always kept"),
            ParamSpec.bool("rerotate", false, "rotate keys by their position in the cache (original method)"),
            Params.DTYPE);

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public KvCache create(CacheGeometry geometry, Map<String, Object> params) {
        Map<String, Object> p = ParamSpec.resolve(ID, PARAMS, params);
        int budget = Params.integer(p, "budget");
        int sinks = Params.integer(p, "sinks");
        if (sinks >= budget) {
            throw new InvalidInputException(ID + ".sinks", "expected an integer in [0, budget - 1] = [0, "
                    + (budget - 1) + "], got " + sinks);
        }
        boolean rerotate = (Boolean) p.get("rerotate");
        if (rerotate && geometry.rope() == null) {
            throw new InvalidInputException(ID + ".rerotate", "the model's cache geometry has no RoPE to re-rotate with");
        }
        return new Cache(geometry, p, budget, sinks, rerotate);
    }

    static final class Cache extends DenseKvCache {
        private final int budget;
        private final int sinks;
        private final boolean rerotate;
        private final int[] keep;
        /** Per layer: slot minus absolute position of the last appended tokens (rerotate only). */
        private final int[] appendShift;
        private final Rotary[] rotaries;
        private final AttentionKernel.QueryTransform[] transforms;
        private final float[] row;

        Cache(CacheGeometry geometry, Map<String, Object> p, int budget, int sinks, boolean rerotate) {
            super(ID, geometry, Params.dtype(p));
            this.budget = budget;
            this.sinks = sinks;
            this.rerotate = rerotate;
            this.keep = new int[budget];
            this.appendShift = new int[geometry.layers()];
            this.row = new float[geometry.headDim()];
            int kvHeads = geometry.kvHeads();
            this.rotaries = new Rotary[kvHeads + 1];
            this.transforms = new AttentionKernel.QueryTransform[geometry.layers() * kvHeads];
            if (rerotate) {
                for (int h = 0; h <= kvHeads; h++) {
                    rotaries[h] = new Rotary(geometry.rope(), geometry.headDim());
                }
                for (int l = 0; l < geometry.layers(); l++) {
                    for (int h = 0; h < kvHeads; h++) {
                        int layer = l;
                        Rotary rotary = rotaries[h];
                        transforms[l * kvHeads + h] = (q, offset, token) -> rotary.rotate(q, offset, appendShift[layer]);
                    }
                }
            }
        }

        @Override
        protected void beforeAppend(int layer, int position, int n) {
            if (decoding()) {
                for (int h = 0; h < geometry.kvHeads(); h++) {
                    trim(layer, h, budget - n);
                }
            }
            if (rerotate) {
                appendShift[layer] = stores[layer][0].size() - position;
            }
        }

        @Override
        protected void afterAppend(int layer, int position, int n) {
            if (!rerotate || appendShift[layer] == 0) {
                return;
            }
            Rotary rotary = rotaries[geometry.kvHeads()];
            for (DenseHeadStore store : stores[layer]) {
                for (int slot = store.size() - n; slot < store.size(); slot++) {
                    store.readKey(slot, row, 0);
                    rotary.rotate(row, 0, appendShift[layer]);
                    store.writeKey(slot, row, 0);
                }
            }
        }

        @Override
        protected AttentionKernel.QueryTransform queryTransform(int layer, int kvHead) {
            return rerotate ? transforms[layer * geometry.kvHeads() + kvHead] : null;
        }

        @Override
        protected void onEndPrefill() {
            for (int l = 0; l < geometry.layers(); l++) {
                for (int h = 0; h < geometry.kvHeads(); h++) {
                    trim(l, h, budget);
                }
            }
        }

        /** Keeps the sinks and the most recent {@code target - sinks} tokens (at least the sinks). */
        private void trim(int layer, int kvHead, int target) {
            DenseHeadStore store = stores[layer][kvHead];
            int size = store.size();
            if (size <= target) {
                return;
            }
            int recent = Math.max(0, target - sinks);
            int count = 0;
            for (int t = 0; t < sinks; t++) {
                keep[count++] = t;
            }
            for (int t = size - recent; t < size; t++) {
                keep[count++] = t;
            }
            evict(layer, kvHead, keep, count);
            if (rerotate) {
                int shift = -(size - recent - sinks);
                Rotary rotary = rotaries[geometry.kvHeads()];
                for (int slot = sinks; slot < count; slot++) {
                    store.readKey(slot, row, 0);
                    rotary.rotate(row, 0, shift);
                    store.writeKey(slot, row, 0);
                }
            }
        }
    }
}
