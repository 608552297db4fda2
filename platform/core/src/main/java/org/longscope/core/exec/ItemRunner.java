package org.longscope.core.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.RenderedPrompt;
import org.longscope.api.bench.RewardBenchmarkAdapter;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleScore;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.core.plan.WorkItem;
import org.longscope.core.settings.PreparedPrompt;
import org.longscope.core.settings.PromptPreparer;
import org.longscope.core.settings.ThinkingStripper;
import org.longscope.core.store.PromptExcerpt;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleRecord.Status;

/**
 * Runs one work item: render -> apply settings -> generate (or judge) -> score. Never throws for a
 * failing item: the failure becomes a {@code failed} record with the error, and the run goes on.
 */
public final class ItemRunner {

    /**
     * What the engine resolved for the run.
     *
     * @param judge         the run's reward judge, or {@code null}
     * @param judgeParams   its parameters from the spec
     * @param judgeModel    the judging model (the run's model unless the spec names another)
     * @param judgePreparer the settings applied to the judging model's prompts
     */
    public record Context(LanguageModel model, PromptPreparer preparer, EvaluationSettings settings,
            Map<String, BenchmarkAdapter> adapters, RewardJudge judge, Map<String, Object> judgeParams,
            LanguageModel judgeModel, PromptPreparer judgePreparer) {
    }

    /** Steps one sample may take through {@link BenchmarkAdapter#followUp}; more is an adapter's bug. */
    static final int MAX_STEPS = 8;

    private final Context context;

    public ItemRunner(Context context) {
        this.context = context;
    }

    public SampleRecord run(WorkItem item) {
        Sample sample = item.sample();
        BenchmarkAdapter adapter = context.adapters().get(item.benchmarkId());
        try {
            if (adapter instanceof RewardBenchmarkAdapter reward) {
                return judged(item, reward);
            }
            RenderedPrompt rendered = adapter.render(sample);
            List<Step> steps = new ArrayList<>();
            PromptExcerpt excerpt = null;
            while (true) {
                PreparedPrompt prompt = context.preparer().prepare(sample.task(), rendered);
                if (excerpt == null) {
                    excerpt = prompt.text() != null ? PromptExcerpt.of(prompt.text()) : PromptExcerpt.of(prompt.messages());
                }
                if (prompt.skipped()) {
                    return unanswered(item, Status.SKIPPED, prompt.promptTokens(),
                            "prompt of " + prompt.promptTokens() + " tokens exceeds the budget (truncation: skip)");
                }
                GenerationRequest request = new GenerationRequest(prompt.text(), prompt.messages(), prompt.answerPrefix(),
                        rendered.maxNewTokens(), rendered.stop(), context.settings().decoding(), item.kvMethod());
                Completion completion = context.model().generate(request);
                ModelCall call = ModelCall.generation(prompt, completion);
                steps.add(new Step(call, context.settings().stripThinking() ? ThinkingStripper.strip(call.raw()) : call.raw()));
                Optional<RenderedPrompt> next = adapter.followUp(sample, steps.stream().map(Step::response).toList());
                if (next.isEmpty()) {
                    break;
                }
                if (steps.size() == MAX_STEPS) {
                    throw new IllegalStateException(item.benchmarkId() + " asked for more than " + MAX_STEPS + " steps");
                }
                rendered = next.get();
            }
            return Step.record(item, steps, adapter.score(sample, steps.getLast().response())).withPrompt(excerpt);
        } catch (java.io.UncheckedIOException e) { // a model server's failure, not the item's: resume retries it
            return unanswered(item, Status.FAILED, 0, SampleRecord.UNAVAILABLE + describe(e));
        } catch (RuntimeException | LinkageError e) {
            return unanswered(item, Status.FAILED, 0, describe(e));
        }
    }

    /** One judgement: the judge calls the judging model through a session that records every call. */
    private SampleRecord judged(WorkItem item, RewardBenchmarkAdapter adapter) {
        if (context.judge() == null) {
            throw new IllegalStateException("sample needs a reward judge; the spec names none (add judge: {id: ...})");
        }
        JudgeRequest request = adapter.judgement(item.sample());
        JudgeSession session = new JudgeSession(context.judgeModel(), context.judgePreparer(), context.settings(),
                item.kvMethod(), item.sample().task());
        Verdict verdict = context.judge().judge(request, session, context.judgeParams());
        SampleScore score = adapter.score(item.sample(), verdict);
        return judgedRecord(item, Status.DONE, request, verdict, session.calls(), score, "");
    }

    private static SampleRecord judgedRecord(WorkItem item, Status status, JudgeRequest request, Verdict verdict,
            List<ModelCall> calls, SampleScore score, String error) {
        Sample s = item.sample();
        ModelCall.Totals totals = ModelCall.Totals.of(calls);
        Map<String, Object> judgement = new LinkedHashMap<>();
        judgement.put("mode", request.mode().name().toLowerCase(java.util.Locale.ROOT));
        judgement.put("candidates", request.candidates().size());
        if (verdict != null) {
            judgement.put("ranking", verdict.ranking());
            judgement.put("scores", verdict.scores());
            judgement.put("tie", verdict.tie());
            judgement.put("parsed", verdict.parsed());
        }
        judgement.put("calls", calls.stream().map(ModelCall::toMap).toList());
        String raw = calls.stream().map(ModelCall::raw).filter(r -> !r.isEmpty()).reduce((a, b) -> b).orElse("");
        String response = verdict == null ? "" : verdict.raw();
        return new SampleRecord(item.key(), item.benchmarkId(), s.task(), s.id(), s.targetLength(), item.kvLabel(), status,
                totals.promptTokens(), totals.truncatedTokens(), totals.completionTokens(), "", response,
                raw.equals(response) ? "" : raw, score == null ? Map.of() : score.metrics(), score == null ? "" : score.detail(),
                error, totals.prefillNanos(), totals.decodeNanos(), totals.decodeSteps(), totals.kvBytesResident(),
                totals.kvBytesOffloaded(), totals.kvCounters(), s.data(), judgement);
    }

    /** One generation of a sample (of several when it is asked in steps): the call, and the response as scored (thinking removed). */
    private record Step(ModelCall call, String response) {
        /** The text before thinking was removed, when that differs. */
        String unstripped() {
            return call.raw().equals(response) ? "" : call.raw();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = call.toMap();
            m.remove("kind");
            m.put("response", response);
            if (!unstripped().isEmpty()) {
                m.put("raw_response", unstripped());
            }
            return m;
        }

        /**
         * The record of the sample: token counts and times summed over its steps, the last step's
         * response, finish and KV statistics; each step under {@code steps} when there are several.
         */
        static SampleRecord record(WorkItem item, List<Step> steps, SampleScore score) {
            Step last = steps.getLast();
            ModelCall.Totals totals = ModelCall.Totals.of(steps.stream().map(Step::call).toList());
            Sample s = item.sample();
            return new SampleRecord(item.key(), item.benchmarkId(), s.task(), s.id(), s.targetLength(), item.kvLabel(),
                    Status.DONE, totals.promptTokens(), totals.truncatedTokens(), totals.completionTokens(),
                    last.call.finishReason(), last.response, last.unstripped(), score.metrics(), score.detail(), "",
                    totals.prefillNanos(), totals.decodeNanos(), totals.decodeSteps(), totals.kvBytesResident(),
                    totals.kvBytesOffloaded(), totals.kvCounters(), s.data(), Map.of(),
                    steps.size() == 1 ? List.of() : steps.stream().map(Step::toMap).toList(), null);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    /** The record of an item that produced no answer: skipped (too long) or failed. */
    private static SampleRecord unanswered(WorkItem item, Status status, int promptTokens, String error) {
        Sample s = item.sample();
        return new SampleRecord(item.key(), item.benchmarkId(), s.task(), s.id(), s.targetLength(), item.kvLabel(), status,
                promptTokens, 0, 0, "", "", "", Map.of(), "", error, 0, 0, 0, -1, -1, Map.of(), s.data(), Map.of());
    }
}
