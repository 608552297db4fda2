package org.longscope.api.bench;

import java.io.IOException;
import java.util.List;

/**
 * A benchmark. Registered as an OSGi service with {@code longscope.kind=benchmark} and
 * {@code longscope.id=<id>} (e.g. {@code synthetic}, {@code longbench}).
 *
 * <p>Flow: {@link #samples} once per selected task; {@link #render} and later {@link #score} for each
 * sample (possibly from several threads at once, so implementations are thread-safe and keep no
 * per-run state); {@link #aggregate} once over all scored samples of the benchmark.
 *
 * <p>Determinism: for the same selection, seed and tokenizer, {@code samples} returns the same
 * samples with the same ids, on any machine: ids are the keys a resumed run matches on.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface BenchmarkAdapter {

    BenchmarkInfo info();

    /**
     * The data files one task needs, which the run engine has the dataset manager fetch and verify
     * before it asks for that task's samples. The default is every file of {@link #info()};
     * adapters whose tasks need different files (or none: generated tasks) override it, so a run of
     * generated tasks downloads nothing.
     */
    default List<DataFile> dataFiles(String task) {
        return info().dataFiles();
    }

    /**
     * The samples of one task.
     *
     * @throws org.longscope.api.InvalidInputException for an unknown task, a bad parameter or a
     *               broken dataset line (naming the file and line)
     * @throws IOException when a data file cannot be read
     */
    List<Sample> samples(BenchmarkSelection selection, SampleContext context) throws IOException;

    /** The prompt of one sample. */
    RenderedPrompt render(Sample sample);

    /** Scores a response (the answer prefix is not part of it; {@code <think>} blocks are removed). */
    SampleScore score(Sample sample, String response);

    /**
     * The next prompt of a sample that upstream asks in steps (LongBench v2's chain of thought:
     * first the reasoning, then the answer given that reasoning), or empty when the last response
     * is the one to score. The run engine prepares each prompt with the same settings and KV method,
     * records every step, and scores the last response. The default asks once.
     *
     * @param responses the responses so far, oldest first ({@code <think>} blocks removed)
     */
    default java.util.Optional<RenderedPrompt> followUp(Sample sample, List<String> responses) {
        return java.util.Optional.empty();
    }

    /**
     * Aggregates the scored samples of this benchmark. The default reports the mean of every metric
     * per task, per length bucket and overall; adapters add upstream summary figures (e.g. RULER's
     * effective length) by overriding and extending it.
     */
    default Aggregate aggregate(List<ScoredSample> scored) {
        return Aggregate.means(scored);
    }

    /**
     * Writes pictures or tables of this benchmark's results into the run directory (e.g. NIAH's
     * depth x length heatmap as {@code niah-heatmap.svg} and {@code .png}). The run engine calls it
     * once after {@link #aggregate}, with the same samples, and again when a report is re-made; it
     * overwrites its own files and never touches others. The default writes nothing.
     *
     * @param scored       every scored sample of this benchmark in the run
     * @param runDirectory the run's directory ({@code runs/<run-id>/}), which exists
     * @throws IOException when a file cannot be written (the run's results are not affected)
     */
    default void writeArtifacts(List<ScoredSample> scored, java.nio.file.Path runDirectory) throws IOException {
    }
}
