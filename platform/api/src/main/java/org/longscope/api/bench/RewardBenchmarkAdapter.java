package org.longscope.api.bench;

import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;

/**
 * A reward benchmark: each sample is a judgement (candidate responses to one long prompt) that the
 * run's {@link org.longscope.api.judge.RewardJudge} makes, scored against the known preference.
 * Registered like any benchmark ({@code longscope.kind=benchmark}); the run engine tells it apart
 * by this interface.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface RewardBenchmarkAdapter extends BenchmarkAdapter {

    /** The judgement one sample asks for, candidates in the order they are presented. */
    JudgeRequest judgement(Sample sample);

    /** Scores a verdict against the sample's known preference; an unparsed verdict scores as wrong. */
    SampleScore score(Sample sample, Verdict verdict);

    /** Reward samples are judged, not generated. */
    @Override
    default RenderedPrompt render(Sample sample) {
        throw new UnsupportedOperationException(info().id() + " is a reward benchmark: its samples are judged");
    }

    /** Reward samples are judged, not generated. */
    @Override
    default SampleScore score(Sample sample, String response) {
        throw new UnsupportedOperationException(info().id() + " is a reward benchmark: its samples are judged");
    }
}
