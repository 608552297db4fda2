package org.longscope.core.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.Timings;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.core.json.Json;
import org.longscope.core.plan.WorkItem;
import org.longscope.core.settings.PreparedPrompt;
import org.longscope.core.settings.PromptPreparer;
import org.longscope.core.settings.ThinkingStripper;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleRecord.Status;

/**
 * Runs one work item: render -> apply settings -> generate (or judge) -> score. Never throws for a
 * failing item: the failure becomes a {@code failed} record with the error, and the run goes on.
 */
public final class ItemRunner {

    /** What the engine resolved for the run. */
    public record Context(LanguageModel model, PromptPreparer preparer, EvaluationSettings settings,
            Map<String, BenchmarkAdapter> adapters, RewardJudge judge, LanguageModel judgeModel) {
    }

    private final Context context;

    public ItemRunner(Context context) {
        this.context = context;
    }

    public SampleRecord run(WorkItem item) {
        Sample sample = item.sample();
        BenchmarkAdapter adapter = context.adapters().get(item.benchmarkId());
        try {
            RenderedPrompt rendered = adapter.render(sample);
            if (rendered.judge() != null) {
                return judged(item, adapter, rendered);
            }
            PreparedPrompt prompt = context.preparer().prepare(sample.task(), rendered);
            if (prompt.skipped()) {
                return record(item, Status.SKIPPED, prompt.promptTokens(), 0, null, "", "", null,
                        "prompt of " + prompt.promptTokens() + " tokens exceeds the budget (truncation: skip)");
            }
            GenerationRequest request = new GenerationRequest(prompt.text(), prompt.messages(), prompt.answerPrefix(),
                    rendered.maxNewTokens(), rendered.stop(), context.settings().decoding(), item.kvMethod());
            Completion completion = context.model().generate(request);
            String raw = completion.text() == null ? "" : completion.text();
            String response = context.settings().stripThinking() ? ThinkingStripper.strip(raw) : raw;
            SampleScore score = adapter.score(sample, response);
            return record(item, Status.DONE, completion.promptTokens() > 0 ? completion.promptTokens() : prompt.promptTokens(),
                    prompt.truncatedTokens(), completion, response, raw.equals(response) ? "" : raw, score, "");
        } catch (RuntimeException | LinkageError e) {
            return record(item, Status.FAILED, 0, 0, null, "", "", null, describe(e));
        }
    }

    private SampleRecord judged(WorkItem item, BenchmarkAdapter adapter, RenderedPrompt rendered) {
        if (context.judge() == null) {
            throw new IllegalStateException("sample needs a reward judge; the spec names none (add judge: {id: ...})");
        }
        Verdict verdict = context.judge().judge(rendered.judge(), context.judgeModel());
        ObjectNode v = Json.object();
        v.set("ranking", Json.MAPPER.valueToTree(verdict.ranking()));
        v.put("parsed", verdict.parsed());
        v.put("raw", verdict.raw());
        String response = v.toString();
        SampleScore score = adapter.score(item.sample(), response);
        return record(item, Status.DONE, 0, 0, null, response, "", score, "");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    private static SampleRecord record(WorkItem item, Status status, int promptTokens, int truncated, Completion c,
            String response, String raw, SampleScore score, String error) {
        Sample s = item.sample();
        Timings t = c == null || c.timings() == null ? Timings.NONE : c.timings();
        KvStats kv = c == null ? null : c.kvStats();
        return new SampleRecord(item.key(), item.benchmarkId(), s.task(), s.id(), s.targetLength(), item.kvLabel(), status,
                promptTokens, truncated, c == null ? 0 : c.completionTokens(),
                c == null || c.finishReason() == null ? "" : c.finishReason().name().toLowerCase(java.util.Locale.ROOT),
                response, raw, score == null ? Map.of() : score.metrics(), score == null ? "" : score.detail(), error,
                t.prefillNanos(), t.decodeNanos(), t.decodeSteps(),
                kv == null ? -1 : kv.bytesResident(), kv == null ? -1 : kv.bytesOffloaded(),
                kv == null ? Map.of() : kv.counters(), s.data());
    }
}
