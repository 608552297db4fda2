package org.longscope.core.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.longscope.api.InvalidInputException;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.Tokenizer;
import org.longscope.api.spec.BenchmarkSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.registry.Plugins;
import org.longscope.core.settings.PromptPreparer;

/** Expands a spec into work items: benchmark x task x length x sample x KV method. */
public final class Planner {

    private final Plugins plugins;
    private final DataAccess data;
    private final Consumer<String> progress;

    /**
     * @param data     makes each task's data files available (download, verify) before its samples
     * @param progress notable steps (data files made available), for the run's progress messages
     */
    public Planner(Plugins plugins, DataAccess data, Consumer<String> progress) {
        this.plugins = plugins;
        this.data = data;
        this.progress = progress;
    }

    /** Checks benchmark ids and task names without generating samples (cheap; done before a run starts). */
    public void validate(RunSpec spec) {
        for (int i = 0; i < spec.benchmarks().size(); i++) {
            tasks(spec.benchmarks().get(i), i);
        }
    }

    public Plan plan(RunSpec spec, Tokenizer tokenizer, PromptPreparer preparer) throws IOException {
        List<KvMethodSpec> methods = KvMethods.resolve(spec.kvMethods(), plugins);
        List<String> labels = methods.stream().map(KvMethods::label).toList();
        List<WorkItem> items = new ArrayList<>();
        Map<String, Sample> samples = new LinkedHashMap<>();
        List<PlannedData> dataFiles = new ArrayList<>();
        for (int i = 0; i < spec.benchmarks().size(); i++) {
            BenchmarkSpec b = spec.benchmarks().get(i);
            BenchmarkAdapter adapter = plugins.benchmark(b.id());
            for (String task : tasks(b, i)) {
                List<DataFile> files = adapter.dataFiles(task);
                Path dataDirectory = data.prepare(b.id(), files, progress);
                files.forEach(f -> dataFiles.add(new PlannedData(b.id(), task, f)));
                SampleContext context = new SampleContext(dataDirectory, tokenizer, b.seed(),
                        preparer.templateOverhead(task));
                List<Sample> taskSamples;
                try {
                    taskSamples = adapter.samples(new BenchmarkSelection(task, b.lengthsFor(preparer.maxLength()), b.samples(),
                            b.params()), context);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("benchmarks[" + i + "] (" + b.id() + "/" + task + ")", e.getMessage(), e);
                }
                for (Sample sample : taskSamples) {
                    String sampleKey = b.id() + "/" + sample.task() + "/" + sample.targetLength() + "/" + sample.id();
                    if (samples.putIfAbsent(sampleKey, sample) != null) {
                        throw new InvalidInputException("benchmarks[" + i + "]", "sample " + sampleKey
                                + " occurs twice (is the benchmark listed twice with overlapping tasks?)");
                    }
                    for (int m = 0; m < methods.size(); m++) {
                        String key = WorkItem.key(b.id(), sample, labels.get(m));
                        items.add(new WorkItem(key, b.id(), sample, labels.get(m), methods.get(m)));
                    }
                }
            }
        }
        int whole = items.size();
        if (spec.shard() != null) {
            items.removeIf(item -> !ShardSlice.owns(spec.shard(), item.key()));
        }
        return new Plan(items, labels, samples, dataFiles, whole);
    }

    private List<String> tasks(BenchmarkSpec b, int index) {
        BenchmarkAdapter adapter;
        try {
            adapter = plugins.benchmark(b.id());
        } catch (InvalidInputException e) {
            throw Errors.at("benchmarks[" + index + "].id", e);
        }
        BenchmarkInfo info = adapter.info();
        List<String> known = info.tasks().stream().map(TaskInfo::name).toList();
        if (b.tasks().isEmpty()) {
            return known;
        }
        for (int t = 0; t < b.tasks().size(); t++) {
            if (!known.contains(b.tasks().get(t))) {
                throw new InvalidInputException("benchmarks[" + index + "].tasks[" + t + "]",
                        "unknown task '" + b.tasks().get(t) + "' of " + b.id() + "; available: " + known);
            }
        }
        return b.tasks();
    }
}
