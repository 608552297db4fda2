package org.longscope.kv.quant;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.longscope.api.kv.CacheGeometry;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvStats;
import org.longscope.kv.core.AttentionKernel;
import org.longscope.kv.core.KvSpan;

/**
 * A KV cache of {@link QuantizedHead}s, one per layer and KV head, attended with the shared kernel:
 * one softmax over the quantized sequence and the full-precision parts.
 */
final class QuantizedCache implements KvCache {
    private final String method;
    private final CacheGeometry geometry;
    private final QuantizedHead[][] heads;
    private final KvSpan[][][] spans;
    private final AttentionKernel[] kernels;
    private final int[] appended;
    private long tokensSeen;

    QuantizedCache(String method, CacheGeometry geometry, QuantConfig config) {
        this.method = method;
        this.geometry = geometry;
        this.heads = new QuantizedHead[geometry.layers()][geometry.kvHeads()];
        this.spans = new KvSpan[geometry.layers()][geometry.kvHeads()][];
        for (int l = 0; l < geometry.layers(); l++) {
            for (int h = 0; h < geometry.kvHeads(); h++) {
                heads[l][h] = new QuantizedHead(geometry.headDim(), config, config.traces(l));
                spans[l][h] = heads[l][h].spans();
            }
        }
        this.kernels = new AttentionKernel[geometry.kvHeads()];
        for (int h = 0; h < kernels.length; h++) {
            kernels[h] = new AttentionKernel(geometry.headDim());
        }
        this.appended = new int[geometry.layers()];
    }

    @Override
    public CacheGeometry geometry() {
        return geometry;
    }

    QuantizedHead head(int layer, int kvHead) {
        return heads[layer][kvHead];
    }

    @Override
    public void append(int layer, int position, int n, MemorySegment keys, MemorySegment values) {
        long rowBytes = geometry.headDim() * 4L;
        long stride = geometry.kvHeads() * rowBytes;
        for (int h = 0; h < geometry.kvHeads(); h++) {
            heads[layer][h].append(keys, h * rowBytes, values, h * rowBytes, stride, n);
        }
        appended[layer] = n;
        if (layer == 0) {
            tokensSeen += n;
        }
    }

    @Override
    public void attend(int layer, int kvHead, int n, MemorySegment queries, MemorySegment out) {
        if (n != appended[layer]) {
            throw new IllegalStateException("attend of " + n + " tokens on layer " + layer + " after an append of "
                    + appended[layer]);
        }
        int group = geometry.groupSize();
        kernels[kvHead].attend(spans[layer][kvHead], 0, queries, out, n, kvHead * group, group,
                geometry.queryHeads(), geometry.attentionScale(), null, null);
    }

    @Override
    public void endPrefill() {
        for (QuantizedHead[] layer : heads) {
            for (QuantizedHead head : layer) {
                head.flush();
            }
        }
    }

    @Override
    public KvStats stats() {
        int[][] kept = new int[geometry.layers()][geometry.kvHeads()];
        long bytes = 0;
        long quantizedKeys = 0;
        long pooled = 0;
        for (int l = 0; l < kept.length; l++) {
            for (int h = 0; h < kept[l].length; h++) {
                QuantizedHead head = heads[l][h];
                kept[l][h] = head.size();
                bytes += head.bytes();
                quantizedKeys += head.keysQuantized();
                pooled += head.pooled();
            }
        }
        return new KvStats(method, tokensSeen, kept, bytes, 0,
                Map.of("quantized_keys", quantizedKeys, "outlier_tokens", pooled));
    }

    @Override
    public void close() {
        for (QuantizedHead[] layer : heads) {
            for (QuantizedHead head : layer) {
                head.close();
            }
        }
    }
}
