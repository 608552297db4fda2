package org.longscope.kv.eviction;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.ParamSpec;
import org.longscope.kv.core.BudgetRule;
import org.longscope.kv.core.Eviction;
import org.longscope.kv.core.EvictingCache;
import org.osgi.service.component.annotations.Component;

/**
 * StreamingLLM (Xiao et al., 2023): keep the first {@code sinks} tokens (attention sinks) and the
 * most recent {@code budget - sinks}. The prompt is attended in full and trimmed at the end of
 * prefill; while decoding, room for the new token is made before it is appended, so a cache never
 * holds more than {@code budget} tokens per head once decoding runs. Composition: no scorer, no
 * candidates kept, both windows protected, capacity {@code budget} while decoding.
 *
 * <p>{@code rerotate=true} uses positions inside the cache, as the original method does
 * ({@link SlotRotatedCache}). Needs the model's {@link CacheGeometry#rope()}. Default {@code false}:
 * keys keep their absolute rotation.
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
        EvictingCache cache = new EvictingCache(ID, geometry, Params.dtype(p),
                new Eviction(null, BudgetRule.uniform(0), sinks, budget - sinks, budget));
        return rerotate ? new SlotRotatedCache(cache, sinks) : cache;
    }
}
