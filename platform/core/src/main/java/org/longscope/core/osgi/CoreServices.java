package org.longscope.core.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.judge.RewardJudge;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.hub.DatasetManager;
import org.longscope.hub.DownloadProgress;
import org.longscope.core.exec.RunEngine;
import org.longscope.core.plan.DataAccess;
import org.longscope.core.registry.Origin;
import org.longscope.core.registry.ServiceRegistry;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.ModelOpener;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunManager;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.runs.ServiceEntry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The core bundle's services: {@link RunManager} and {@link Catalog}. A thin wrapper: it feeds the
 * LongScope services it sees into a {@link ServiceRegistry} and delegates to a {@link RunEngine}.
 * Runs root: framework or system property {@code longscope.runs} (default {@code runs}). Benchmark
 * data comes through the bundle's {@link DatasetManager}; without one, from {@code longscope.data}
 * (default {@code data}). A spec that names no model runs {@code longscope.model.default} (the
 * distribution sets it to the shipped model's folder).
 */
@Component(service = {RunManager.class, Catalog.class, ModelOpener.class}, immediate = true)
public final class CoreServices implements RunManager, Catalog, ModelOpener {

    public static final String RUNS_PROPERTY = "longscope.runs";
    public static final String DATA_PROPERTY = "longscope.data";
    public static final String DEFAULT_MODEL_PROPERTY = "longscope.model.default";

    private final ServiceRegistry registry = new ServiceRegistry();
    private volatile RunEngine engine;
    private volatile DatasetManager datasets;

    @Activate
    void activate(BundleContext context) {
        DataAccess local = DataAccess.local(Path.of(property(context, DATA_PROPERTY, "data")));
        engine = new RunEngine(registry, Path.of(property(context, RUNS_PROPERTY, "runs")), (benchmarkId, files, progress) -> {
            DatasetManager manager = datasets;
            if (manager == null) {
                return local.prepare(benchmarkId, files, progress);
            }
            manager.ensure(benchmarkId, files, p -> {
                if (p.stage() == DownloadProgress.Stage.DONE || p.stage() == DownloadProgress.Stage.CACHED) {
                    progress.accept(p.describe());
                }
            });
            return manager.cacheDirectory();
        });
        String defaultModel = property(context, DEFAULT_MODEL_PROPERTY, "");
        if (!defaultModel.isBlank()) {
            engine.setDefaultModel(new ModelSpec(null, defaultModel, java.util.Map.of()));
        }
    }

    /** The dataset manager of this bundle: downloads and verifies benchmark data before sampling. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDatasets(DatasetManager manager) {
        datasets = manager;
    }

    void unsetDatasets(DatasetManager manager) {
        if (datasets == manager) {
            datasets = null;
        }
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    private static String property(BundleContext context, String name, String defaultValue) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBackend(ModelBackend service, ServiceReference<ModelBackend> ref) {
        add(ServiceProperties.KIND_BACKEND, service, ref);
    }

    void removeBackend(ModelBackend service, ServiceReference<ModelBackend> ref) {
        remove(ServiceProperties.KIND_BACKEND, service, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addKv(KvCachePolicy service, ServiceReference<KvCachePolicy> ref) {
        add(ServiceProperties.KIND_KV, service, ref);
    }

    void removeKv(KvCachePolicy service, ServiceReference<KvCachePolicy> ref) {
        remove(ServiceProperties.KIND_KV, service, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBenchmark(BenchmarkAdapter service, ServiceReference<BenchmarkAdapter> ref) {
        add(ServiceProperties.KIND_BENCHMARK, service, ref);
    }

    void removeBenchmark(BenchmarkAdapter service, ServiceReference<BenchmarkAdapter> ref) {
        remove(ServiceProperties.KIND_BENCHMARK, service, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addJudge(RewardJudge service, ServiceReference<RewardJudge> ref) {
        add(ServiceProperties.KIND_JUDGE, service, ref);
    }

    void removeJudge(RewardJudge service, ServiceReference<RewardJudge> ref) {
        remove(ServiceProperties.KIND_JUDGE, service, ref);
    }

    private void add(String kind, Object service, ServiceReference<?> ref) {
        int ranking = ref.getProperty(org.osgi.framework.Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        registry.add(kind, id(ref), service, origin(ref), text(ref.getProperty(ServiceProperties.DESCRIPTION)), ranking);
    }

    private void remove(String kind, Object service, ServiceReference<?> ref) {
        registry.remove(kind, id(ref), service);
    }

    private static String id(ServiceReference<?> ref) {
        return text(ref.getProperty(ServiceProperties.ID));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Origin origin(ServiceReference<?> ref) {
        return ref.getBundle() == null ? new Origin("unknown", "0")
                : new Origin(ref.getBundle().getSymbolicName(), ref.getBundle().getVersion().toString());
    }

    // Catalog

    @Override
    public List<ServiceEntry> services() {
        return registry.services();
    }

    // RunManager: delegated to the engine

    @Override
    public RunSpec parseSpec(String document, String sourceName) {
        return engine.parseSpec(document, sourceName);
    }

    @Override
    public RunStatus start(RunSpec spec) {
        return engine.start(spec);
    }

    @Override
    public void validate(RunSpec spec) {
        engine.validate(spec);
    }

    @Override
    public RunStatus resume(Path runDirectory) {
        return engine.resume(runDirectory);
    }

    @Override
    public List<RunStatus> list() {
        return engine.list();
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        return engine.status(runId);
    }

    @Override
    public boolean cancel(String runId) {
        return engine.cancel(runId);
    }

    @Override
    public Subscription subscribe(String runId, Consumer<ProgressEvent> listener) {
        return engine.subscribe(runId, listener);
    }

    @Override
    public Optional<Path> directory(String runId) {
        return engine.directory(runId);
    }

    @Override
    public Path runsRoot() {
        return engine.runsRoot();
    }

    @Override
    public org.longscope.api.model.LanguageModel open(ModelSpec model) throws IOException {
        return engine.openModel(model);
    }

    @Override
    public RunStatus mergeShards(List<Path> shardDirectories) throws IOException {
        return engine.mergeShards(shardDirectories);
    }

    @Override
    public RunStatus await(String runId) throws InterruptedException, IOException {
        return engine.await(runId);
    }
}
