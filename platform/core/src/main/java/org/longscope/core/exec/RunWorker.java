package org.longscope.core.exec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.longscope.api.InvalidInputException;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.DataFile;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.ModelRef;
import org.longscope.api.spec.BenchmarkSpec;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.json.Json;
import org.longscope.core.plan.DataAccess;
import org.longscope.core.plan.KvMethods;
import org.longscope.core.plan.Plan;
import org.longscope.core.plan.PlannedData;
import org.longscope.core.plan.Planner;
import org.longscope.core.plan.WorkItem;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.Plugins;
import org.longscope.core.report.Aggregator;
import org.longscope.core.report.SummaryWriter;
import org.longscope.core.runs.RunState;
import org.longscope.core.settings.PromptPreparer;
import org.longscope.core.settings.ResolvedSettings;
import org.longscope.core.spec.SpecWriter;
import org.longscope.core.store.SampleRecord;
import org.longscope.core.store.SampleStore;

/**
 * Executes one run start to end: open the model (once), plan, skip what samples.jsonl already
 * holds, run the rest on {@code spec.concurrency} threads, store each finished item, aggregate,
 * write the summary, close the model.
 */
final class RunWorker {

    private final Plugins plugins;
    private final DataAccess data;

    RunWorker(Plugins plugins, DataAccess data) {
        this.plugins = plugins;
        this.data = data;
    }

    /**
     * Validates everything that can be checked without opening the model (ids, tasks, KV params),
     * and resolves the model's backend: the run keeps that choice.
     *
     * @return the id of the backend that opens the run's model
     */
    String validate(RunSpec spec) {
        String backend = backendOf(spec.model()).getKey();
        new Planner(plugins, data, message -> { }).validate(spec);
        KvMethods.resolve(spec.kvMethods(), plugins);
        if (spec.judge() != null) {
            plugins.judge(spec.judge().id());
            if (spec.judge().model() != null) {
                backendOf(spec.judge().model());
            }
        }
        for (int i = 0; i < spec.benchmarks().size(); i++) {
            String id = spec.benchmarks().get(i).id();
            if (spec.judge() == null && plugins.benchmark(id) instanceof org.longscope.api.bench.RewardBenchmarkAdapter) {
                throw new InvalidInputException("judge", "benchmarks[" + i + "] '" + id + "' is a reward benchmark: "
                        + "name a judge (judge: {id: ...} in the spec, or --judge ID)");
            }
        }
        return backend;
    }

    /** The spec.json document written when a run is created. */
    ObjectNode specDocument(String runId, RunSpec spec, String backend) {
        ObjectNode doc = Json.object();
        doc.put("run_id", runId);
        doc.put("created", java.time.Instant.now().toString());
        doc.set("spec", SpecWriter.toTree(spec));
        doc.set("plugins", plugins(spec, backend));
        return doc;
    }

    void execute(Run run) {
        RunSpec spec = run.spec;
        run.running();
        RunState end;
        boolean working = false; // false while planning and checking: an input error then refuses the run
        try {
            try (LanguageModel model = open(plugins.backend(run.backend), spec.model())) {
                ModelInfo info = model.info();
                PromptPreparer preparer = new PromptPreparer(spec.settings(), info, model.tokenizer());
                Plan plan = new Planner(plugins, data, run::emit).plan(spec, model.tokenizer(), preparer);
                if (plan.kvLabels().stream().anyMatch(l -> !l.equals(KvMethodSpec.FULL)) && !info.acceptsKvMethods()) {
                    throw new InvalidInputException("kv", "model " + info.name() + " (backend " + run.backend
                            + ") does not accept KV-cache methods; remove kv or use a backend that does");
                }
                Map<String, BenchmarkAdapter> adapters = new LinkedHashMap<>();
                spec.benchmarks().forEach(b -> adapters.put(b.id(), plugins.benchmark(b.id())));
                writeResolvedSpec(run, info, plan, adapters);
                LanguageModel judgeModel = null;
                try {
                    RewardJudge judge = spec.judge() == null ? null : plugins.judge(spec.judge().id());
                    if (spec.judge() != null && spec.judge().model() != null) {
                        judgeModel = open(backendOf(spec.judge().model()).getValue(), spec.judge().model());
                    }
                    LanguageModel judging = judgeModel != null ? judgeModel : model;
                    if (judge != null) {
                        judge.check(judging.info(), spec.judge().params());
                    }
                    PromptPreparer judgePreparer = judgeModel == null ? preparer
                            : new PromptPreparer(spec.settings(), judgeModel.info(), judgeModel.tokenizer());
                    ItemRunner runner = new ItemRunner(new ItemRunner.Context(model, preparer, spec.settings(), adapters,
                            judge, spec.judge() == null ? Map.of() : spec.judge().params(), judging, judgePreparer));
                    working = true;
                    end = executeItems(run, plan, runner, adapters, info);
                } finally {
                    if (judgeModel != null) {
                        judgeModel.close();
                    }
                }
            }
        } catch (Throwable e) { // whatever happens, the run must reach a terminal state
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            System.Logger log = System.getLogger(RunWorker.class.getName());
            if (e instanceof InvalidInputException) {
                log.log(System.Logger.Level.WARNING, "run " + run.id() + " failed: " + message);
            } else {
                log.log(System.Logger.Level.ERROR, "run " + run.id() + " failed", e);
            }
            run.end(RunState.FAILED, message, e instanceof InvalidInputException && !working);
            return;
        }
        // only now, with the models closed, does the run count as ended
        run.end(end, null);
    }

    /** Runs the pending items, writes the summary and returns how the run ended. */
    private RunState executeItems(Run run, Plan plan, ItemRunner runner, Map<String, BenchmarkAdapter> adapters,
            ModelInfo info) throws IOException {
        try (SampleStore store = SampleStore.open(run.directory.samples())) {
            run.planned(plan.size());
            ConcurrentLinkedQueue<WorkItem> pending = new ConcurrentLinkedQueue<>();
            for (WorkItem item : plan.items()) {
                SampleRecord stored = store.records().get(item.key());
                if (stored != null && !stored.retriedOnResume()) {
                    run.restored(stored);
                } else {
                    pending.add(item);
                }
            }
            run.emit(plan.size() - pending.size() > 0 ? "resumed: " + (plan.size() - pending.size()) + " items already stored" : "running");
            // A record that cannot be stored, or an error no item catches (OutOfMemoryError), stops the run
            AtomicReference<Throwable> storeFailure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < run.spec.concurrency(); t++) {
                threads.add(Thread.ofPlatform().daemon().name(run.id() + "-item-" + t).start(() -> {
                    WorkItem item;
                    while (!run.cancelRequested() && storeFailure.get() == null && (item = pending.poll()) != null) {
                        SampleRecord record;
                        try {
                            record = runner.run(item);
                            store.append(record);
                        } catch (IOException | RuntimeException | Error e) {
                            storeFailure.compareAndSet(null, e);
                            return;
                        }
                        run.finished(record);
                    }
                }));
            }
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.requestCancel();
                }
            }
            if (storeFailure.get() != null) {
                throw new IOException("work stopped (" + store.file() + "): " + storeFailure.get(), storeFailure.get());
            }
            RunState end = run.cancelRequested() && !pending.isEmpty() ? RunState.CANCELLED : RunState.COMPLETED;
            java.util.Set<String> planned = plan.items().stream().map(WorkItem::key).collect(java.util.stream.Collectors.toSet());
            List<SampleRecord> records = store.list().stream().filter(r -> planned.contains(r.key())).toList();
            ObjectNode summary = SummaryWriter.summary(run.id(), run.spec.name(), end.name().toLowerCase(java.util.Locale.ROOT),
                    info.name(), plan.size(), plan.kvLabels(), records, new Aggregator(adapters, plan.samples(), run.directory.path()));
            SummaryWriter.write(run.directory, summary);
            return end;
        }
    }

    private void writeResolvedSpec(Run run, ModelInfo info, Plan plan, Map<String, BenchmarkAdapter> adapters)
            throws IOException {
        ObjectNode doc = run.directory.readSpecDocument();
        ObjectNode model = doc.putObject("model");
        model.put("name", info.name());
        model.put("architecture", info.architecture());
        model.put("context_length", info.contextLength());
        model.set("details", Json.MAPPER.valueToTree(info.details()));
        doc.setAll(ResolvedSettings.describe(run.spec.settings(), info));
        ArrayNode dataFiles = doc.putArray("data");
        for (PlannedData d : plan.data()) {
            DataFile f = d.file();
            ObjectNode o = dataFiles.addObject();
            o.put("benchmark", d.benchmarkId());
            o.put("task", d.task());
            o.put("repository", f.repository());
            o.put("revision", f.revision());
            o.put("path", f.path());
            o.put("sha256", f.sha256());
        }
        doc.set("plugins", plugins(run.spec, run.backend));
        doc.set("kv_methods", Json.MAPPER.valueToTree(plan.kvLabels()));
        doc.put("work_items", plan.size());
        if (run.spec.shard() != null) {
            doc.put("plan_work_items", plan.wholeSize());
        }
        run.directory.writeSpec(doc);
    }

    private ObjectNode plugins(RunSpec spec, String backend) {
        ObjectNode o = Json.object();
        o.set("backend", origin(ServiceProperties.KIND_BACKEND, backend));
        ArrayNode benchmarks = o.putArray("benchmarks");
        spec.benchmarks().stream().map(BenchmarkSpec::id).distinct()
                .forEach(id -> benchmarks.add(origin(ServiceProperties.KIND_BENCHMARK, id)));
        ArrayNode kv = o.putArray("kv");
        spec.kvMethods().stream().map(KvMethodSpec::id).distinct().filter(id -> plugins.has(ServiceProperties.KIND_KV, id))
                .forEach(id -> kv.add(origin(ServiceProperties.KIND_KV, id)));
        if (spec.judge() != null) {
            o.set("judge", origin(ServiceProperties.KIND_JUDGE, spec.judge().id()));
        }
        return o;
    }

    private ObjectNode origin(String kind, String id) {
        Origin origin = plugins.origin(kind, id);
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("bundle", origin == null ? "unknown" : origin.bundle());
        o.put("version", origin == null ? "unknown" : origin.version());
        return o;
    }

    private Map.Entry<String, ModelBackend> backendOf(ModelSpec model) {
        if (model.backend() != null) {
            return Map.entry(model.backend(), plugins.backend(model.backend()));
        }
        return plugins.backendFor(new ModelRef(model.reference()));
    }

    /** Opens a model through the backend its spec names, or the first that can open its reference. */
    LanguageModel open(ModelSpec spec) throws IOException {
        return open(backendOf(spec).getValue(), spec);
    }

    private static LanguageModel open(ModelBackend backend, ModelSpec spec) throws IOException {
        return backend.open(new ModelRef(spec.reference()), spec.options());
    }
}
