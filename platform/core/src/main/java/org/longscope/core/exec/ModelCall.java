package org.longscope.core.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.Completion;
import org.longscope.core.settings.PreparedPrompt;

/**
 * One call of a model for a work item (a generation, a reward, log-probabilities), as its record
 * keeps it; a work item that makes several (a judge, a benchmark asked in steps) reports their sums.
 *
 * @param kind {@code generate}, {@code reward} or {@code logprobs}
 * @param raw  the generated text before thinking was removed; empty for other kinds
 */
record ModelCall(String kind, int promptTokens, int truncatedTokens, int completionTokens, String finishReason, String raw,
        long prefillNanos, long decodeNanos, int decodeSteps, KvStats kvStats) {

    /** A generation of a prepared prompt; the prompt's count stands in where the backend reports none. */
    static ModelCall generation(PreparedPrompt prompt, Completion c) {
        return new ModelCall("generate", c.promptTokens() > 0 ? c.promptTokens() : prompt.promptTokens(),
                prompt.truncatedTokens(), c.completionTokens(),
                c.finishReason() == null ? "" : c.finishReason().name().toLowerCase(Locale.ROOT),
                c.text() == null ? "" : c.text(),
                c.timings() == null ? 0 : c.timings().prefillNanos(), c.timings() == null ? 0 : c.timings().decodeNanos(),
                c.timings() == null ? 0 : c.timings().decodeSteps(), c.kvStats());
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("prompt_tokens", promptTokens);
        m.put("truncated_tokens", truncatedTokens);
        m.put("completion_tokens", completionTokens);
        m.put("finish_reason", finishReason);
        m.put("prefill_ns", prefillNanos);
        m.put("decode_ns", decodeNanos);
        m.put("decode_steps", decodeSteps);
        return m;
    }

    /** Token counts and times summed over calls, with the KV statistics of the last call that has them. */
    record Totals(int promptTokens, int truncatedTokens, int completionTokens, long prefillNanos, long decodeNanos,
            int decodeSteps, KvStats kvStats) {

        static Totals of(List<ModelCall> calls) {
            int prompt = 0;
            int truncated = 0;
            int completion = 0;
            long prefill = 0;
            long decode = 0;
            int steps = 0;
            KvStats kv = null;
            for (ModelCall c : calls) {
                prompt += c.promptTokens();
                truncated += c.truncatedTokens();
                completion += c.completionTokens();
                prefill += c.prefillNanos();
                decode += c.decodeNanos();
                steps += c.decodeSteps();
                kv = c.kvStats() != null ? c.kvStats() : kv;
            }
            return new Totals(prompt, truncated, completion, prefill, decode, steps, kv);
        }

        long kvBytesResident() {
            return kvStats == null ? -1 : kvStats.bytesResident();
        }

        long kvBytesOffloaded() {
            return kvStats == null ? -1 : kvStats.bytesOffloaded();
        }

        Map<String, Long> kvCounters() {
            return kvStats == null ? Map.of() : kvStats.counters();
        }
    }
}
