package org.longscope.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.core.json.Json;

/**
 * One finished work item: one line of {@code samples.jsonl}.
 *
 * @param key              the work item's stable key
 * @param benchmark        benchmark id
 * @param task             task
 * @param sampleId         sample id
 * @param targetLength     target length (0 for dataset samples)
 * @param kv               KV method label
 * @param status           done, failed or skipped
 * @param promptTokens     prompt tokens after truncation (as counted by the model's tokenizer)
 * @param truncatedTokens  tokens cut from the long message
 * @param completionTokens generated tokens
 * @param finishReason     eos, stop or length; empty when not generated
 * @param response         the response as scored (thinking removed); for judged items the verdict JSON
 * @param rawResponse      the model's text before thinking was removed, when different; else empty
 * @param metrics          scores
 * @param detail           the adapter's explanation of the score
 * @param error            why it failed, or empty
 * @param prefillNanos     prefill time
 * @param decodeNanos      decode time
 * @param decodeSteps      decode steps timed
 * @param kvBytesResident  KV bytes resident at the end of the request, -1 when unknown
 * @param kvBytesOffloaded KV bytes offloaded, -1 when unknown
 * @param kvCounters       the KV method's counters
 * @param data             the sample's data, long strings shortened
 * @param judgement        for judged items: mode, candidates, the verdict's ranking, scores, tie and
 *                         parsed, and every model call ({@code calls}); empty for generations
 * @param steps            for samples asked in steps ({@code BenchmarkAdapter.followUp}): each
 *                         generation's token counts, finish, response and times, oldest first; the
 *                         record's counts and times are their sums; empty for one generation
 * @param prompt           the start and end of the (first) prompt the model read; {@code null} for
 *                         items that produced none and for records written before it was kept
 */
public record SampleRecord(String key, String benchmark, String task, String sampleId, int targetLength, String kv,
        Status status, int promptTokens, int truncatedTokens, int completionTokens, String finishReason,
        String response, String rawResponse, Map<String, Double> metrics, String detail, String error,
        long prefillNanos, long decodeNanos, int decodeSteps, long kvBytesResident, long kvBytesOffloaded,
        Map<String, Long> kvCounters, Map<String, Object> data, Map<String, Object> judgement,
        List<Map<String, Object>> steps, PromptExcerpt prompt) {

    public enum Status { DONE, FAILED, SKIPPED }

    /** A record of one generation or of one judgement (no steps). */
    public SampleRecord(String key, String benchmark, String task, String sampleId, int targetLength, String kv,
            Status status, int promptTokens, int truncatedTokens, int completionTokens, String finishReason,
            String response, String rawResponse, Map<String, Double> metrics, String detail, String error,
            long prefillNanos, long decodeNanos, int decodeSteps, long kvBytesResident, long kvBytesOffloaded,
            Map<String, Long> kvCounters, Map<String, Object> data, Map<String, Object> judgement) {
        this(key, benchmark, task, sampleId, targetLength, kv, status, promptTokens, truncatedTokens, completionTokens,
                finishReason, response, rawResponse, metrics, detail, error, prefillNanos, decodeNanos, decodeSteps,
                kvBytesResident, kvBytesOffloaded, kvCounters, data, judgement, List.of(), null);
    }

    /** The same record with the excerpt of the prompt the model read. */
    public SampleRecord withPrompt(PromptExcerpt excerpt) {
        return new SampleRecord(key, benchmark, task, sampleId, targetLength, kv, status, promptTokens, truncatedTokens,
                completionTokens, finishReason, response, rawResponse, metrics, detail, error, prefillNanos, decodeNanos,
                decodeSteps, kvBytesResident, kvBytesOffloaded, kvCounters, data, judgement, steps, excerpt);
    }

    /** How the error of an item that failed on a model server's side begins: a resumed run runs it again. */
    public static final String UNAVAILABLE = "unavailable: ";

    /** Whether a resumed run runs this item again: it failed because a model server could not be reached or answered. */
    public boolean retriedOnResume() {
        return status == Status.FAILED && error.startsWith(UNAVAILABLE);
    }

    /** Longest string of sample data kept in a record; haystacks stay with the benchmark. */
    public static final int MAX_DATA_STRING = 512;
    private static final java.util.regex.Pattern SHORTENED =
            java.util.regex.Pattern.compile("(?s).{" + MAX_DATA_STRING + "}\\.\\.\\.\\[\\d+ chars]");

    public SampleRecord {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        kvCounters = kvCounters == null ? Map.of() : Map.copyOf(kvCounters);
        data = data == null ? Map.of() : data;
        judgement = judgement == null ? Map.of() : judgement;
        steps = steps == null ? List.of() : List.copyOf(steps);
        finishReason = finishReason == null ? "" : finishReason;
        response = response == null ? "" : response;
        rawResponse = rawResponse == null ? "" : rawResponse;
        detail = detail == null ? "" : detail;
        error = error == null ? "" : error;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("key", key);
        o.put("benchmark", benchmark);
        o.put("task", task);
        o.put("sample_id", sampleId);
        o.put("target_length", targetLength);
        o.put("kv", kv);
        o.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        o.put("prompt_tokens", promptTokens);
        o.put("truncated_tokens", truncatedTokens);
        o.put("completion_tokens", completionTokens);
        o.put("finish_reason", finishReason);
        o.put("response", response);
        if (!rawResponse.isEmpty()) {
            o.put("raw_response", rawResponse);
        }
        o.set("metrics", Json.MAPPER.valueToTree(metrics));
        o.put("detail", detail);
        if (!error.isEmpty()) {
            o.put("error", error);
        }
        o.put("prefill_ns", prefillNanos);
        o.put("decode_ns", decodeNanos);
        o.put("decode_steps", decodeSteps);
        o.put("kv_bytes_resident", kvBytesResident);
        o.put("kv_bytes_offloaded", kvBytesOffloaded);
        o.set("kv_counters", Json.MAPPER.valueToTree(kvCounters));
        o.set("data", Json.MAPPER.valueToTree(shorten(data)));
        if (!judgement.isEmpty()) {
            o.set("judgement", Json.MAPPER.valueToTree(judgement));
        }
        if (!steps.isEmpty()) {
            o.set("steps", Json.MAPPER.valueToTree(steps));
        }
        if (prompt != null) {
            o.set("prompt", prompt.toJson());
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    public static SampleRecord fromJson(JsonNode o) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        o.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        Map<String, Long> counters = new LinkedHashMap<>();
        o.path("kv_counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
        Object data = Json.toPlain(o.get("data"));
        Object judgement = o.has("judgement") ? Json.toPlain(o.get("judgement")) : null;
        Object steps = o.has("steps") ? Json.toPlain(o.get("steps")) : null;
        return new SampleRecord(
                required(o, "key").asText(), o.path("benchmark").asText(), o.path("task").asText(),
                o.path("sample_id").asText(), o.path("target_length").asInt(), o.path("kv").asText(),
                Status.valueOf(required(o, "status").asText().toUpperCase(java.util.Locale.ROOT)),
                o.path("prompt_tokens").asInt(), o.path("truncated_tokens").asInt(), o.path("completion_tokens").asInt(),
                o.path("finish_reason").asText(), o.path("response").asText(), o.path("raw_response").asText(),
                metrics, o.path("detail").asText(), o.path("error").asText(),
                o.path("prefill_ns").asLong(), o.path("decode_ns").asLong(), o.path("decode_steps").asInt(),
                o.path("kv_bytes_resident").asLong(-1), o.path("kv_bytes_offloaded").asLong(-1), counters,
                data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                judgement instanceof Map<?, ?> j ? (Map<String, Object>) j : Map.of(),
                steps instanceof List<?> l ? (List<Map<String, Object>>) l : List.of(),
                PromptExcerpt.fromJson(o.get("prompt")));
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return n;
    }

    /** Long strings cut to their head with the full length noted; a string cut before (a record read back) stays as it is. */
    private static Object shorten(Object value) {
        if (value instanceof String s && s.length() > MAX_DATA_STRING && !SHORTENED.matcher(s).matches()) {
            return s.substring(0, MAX_DATA_STRING) + "...[" + s.length() + " chars]";
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, shorten(v)));
            return out;
        }
        if (value instanceof java.util.List<?> l) {
            return l.stream().map(SampleRecord::shorten).toList();
        }
        return value;
    }
}
