package org.longscope.api.kv;

import java.util.Map;

/**
 * KV-cache statistics of one sequence.
 *
 * @param method         id of the method that produced them ({@code full}, {@code snapkv}, ...)
 * @param tokensSeen     tokens appended so far
 * @param tokensKept     tokens kept, per layer and KV head: {@code [layer][kvHead]}
 * @param bytesResident  bytes of keys, values and their metadata held in memory for attention
 * @param bytesOffloaded bytes moved out of the attended cache (e.g. CaliDrop's offload store)
 * @param counters       method-specific counters (e.g. CaliDrop's branch counts)
 */
public record KvStats(
        String method,
        long tokensSeen,
        int[][] tokensKept,
        long bytesResident,
        long bytesOffloaded,
        Map<String, Long> counters) {

    public KvStats {
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }

    /** Tokens kept, summed over layers and heads. */
    public long totalTokensKept() {
        long total = 0;
        for (int[] layer : tokensKept) {
            for (int kept : layer) {
                total += kept;
            }
        }
        return total;
    }
}
