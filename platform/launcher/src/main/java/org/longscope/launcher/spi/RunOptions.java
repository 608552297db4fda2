package org.longscope.launcher.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code longscope run} flags, as given. Values are kept as text where the spec parser accepts
 * several notations (lengths like {@code 8k}), so that it validates them and names the field.
 *
 * @param specFile   a YAML or JSON spec, or {@code null}; flags override its fields
 * @param suite      a shipped suite name, or {@code null}
 * @param model      model reference (path, hub id, URL), or {@code null}
 * @param backend    backend id, or {@code null} for the first backend that can open the model
 * @param benchmark  benchmark id, or {@code null}
 * @param tasks      tasks of that benchmark; empty for the spec's or all
 * @param lengths    target lengths ({@code 4096}, {@code 8k}); empty for the spec's
 * @param samples    samples per length, or {@code null}
 * @param seed       seed, or {@code null}
 * @param kv         KV methods such as {@code snapkv:budget=512}; empty for the spec's
 * @param maxLength  prompt + generation budget ({@code 32k}), or {@code null}
 * @param truncation {@code middle}, {@code left}, {@code right} or {@code skip}, or {@code null}
 * @param noTemplate true to send prompts without the chat template
 * @param out        runs folder to write the run directory into, or {@code null} for the default
 * @param judge      reward judge such as {@code generative:both_orders=true}, or {@code null}
 * @param judgeModel model reference of the judging model, or {@code null} for the run's model
 * @param shard      {@code K/N}: run the K-th of N slices of the plan, or {@code null} for all of it
 */
public record RunOptions(
        Path specFile, String suite, String model, String backend, String benchmark, List<String> tasks,
        List<String> lengths, Integer samples, Long seed, List<String> kv, String maxLength, String truncation,
        boolean noTemplate, Path out, String judge, String judgeModel, String shard) {
    public RunOptions {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        lengths = lengths == null ? List.of() : List.copyOf(lengths);
        kv = kv == null ? List.of() : List.copyOf(kv);
    }

    /** The flags without a shard. */
    public RunOptions(Path specFile, String suite, String model, String backend, String benchmark, List<String> tasks,
            List<String> lengths, Integer samples, Long seed, List<String> kv, String maxLength, String truncation,
            boolean noTemplate, Path out, String judge, String judgeModel) {
        this(specFile, suite, model, backend, benchmark, tasks, lengths, samples, seed, kv, maxLength, truncation,
                noTemplate, out, judge, judgeModel, null);
    }

    /** The flags without a judge. */
    public RunOptions(Path specFile, String suite, String model, String backend, String benchmark, List<String> tasks,
            List<String> lengths, Integer samples, Long seed, List<String> kv, String maxLength, String truncation,
            boolean noTemplate, Path out) {
        this(specFile, suite, model, backend, benchmark, tasks, lengths, samples, seed, kv, maxLength, truncation,
                noTemplate, out, null, null, null);
    }
}
