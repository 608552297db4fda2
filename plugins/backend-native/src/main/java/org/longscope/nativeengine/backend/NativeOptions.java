package org.longscope.nativeengine.backend;

import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;

/**
 * Options of the native backend's {@code open}.
 *
 * @param threads   compute threads (default: the machine's cores)
 * @param chunkSize prompt tokens per prefill step (default 512: F32 prefill measured 56% of the FMA peak
 *                  at 512 and 37% at 256, docs/benchmarks.md)
 * @param kvDtype   element type of the {@code full} cache's store: {@code fp32} (default) or {@code fp16}
 */
public record NativeOptions(int threads, int chunkSize, String kvDtype) {
    public static final String THREADS = "threads";
    public static final String CHUNK_SIZE = "chunk_size";
    public static final String KV_DTYPE = "kv_dtype";
    private static final List<String> NAMES = List.of(THREADS, CHUNK_SIZE, KV_DTYPE);

    /** Reads and validates options; unknown names and bad values are refused, naming the option. */
    public static NativeOptions parse(Map<String, Object> options) {
        Map<String, Object> o = options == null ? Map.of() : options;
        for (String key : o.keySet()) {
            if (!NAMES.contains(key)) {
                throw new InvalidInputException("options." + key, "unknown option of the native backend; known: " + NAMES);
            }
        }
        int threads = positive(o, THREADS, Runtime.getRuntime().availableProcessors(), 4096);
        int chunk = positive(o, CHUNK_SIZE, 512, 65536);
        String dtype = String.valueOf(o.getOrDefault(KV_DTYPE, "fp32")).trim();
        if (!dtype.equals("fp32") && !dtype.equals("fp16")) {
            throw new InvalidInputException("options." + KV_DTYPE, "expected fp32 or fp16, got '" + dtype + "'");
        }
        return new NativeOptions(threads, chunk, dtype);
    }

    private static int positive(Map<String, Object> o, String key, int defaultValue, int max) {
        Object raw = o.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int v = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? n.intValue() : Integer.parseInt(String.valueOf(raw).trim());
            if (v < 1 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("options." + key, "expected an integer in [1, " + max + "], got '" + raw + "'");
        }
    }
}
