package org.longscope.core.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import org.longscope.api.registry.Registered;
import org.longscope.api.registry.Registry;
import org.longscope.core.suites.SuiteLibrary;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The core bundle's services: {@link RunManager}, {@link Catalog} and the one {@link Registry}. A
 * thin wrapper: it feeds the LongScope services it sees, and the shipped suites, into a
 * {@link ServiceRegistry} and delegates to a {@link RunEngine}. A service is got on its first
 * lookup, not when it is bound, so plugins that reference the registry (the native backend,
 * CaliDrop) are activated after it.
 * Runs root: framework or system property {@code longscope.runs} (default {@code runs}). Benchmark
 * data comes through the bundle's {@link DatasetManager}; without one, from {@code longscope.data}
 * (default {@code data}). A spec that names no model runs {@code longscope.model.default} (the
 * distribution sets it to the shipped model's folder).
 */
@Component(service = {RunManager.class, Catalog.class, ModelOpener.class, Registry.class}, immediate = true)
public final class CoreServices implements RunManager, Catalog, ModelOpener, Registry {

    public static final String RUNS_PROPERTY = "longscope.runs";
    public static final String DATA_PROPERTY = "longscope.data";
    public static final String DEFAULT_MODEL_PROPERTY = "longscope.model.default";

    private final ServiceRegistry registry = new ServiceRegistry();
    private volatile RunEngine engine;
    private volatile DatasetManager datasets;

    @Activate
    void activate(BundleContext context) {
        SuiteLibrary.registerShipped(registry, new Origin(context.getBundle().getSymbolicName(),
                context.getBundle().getVersion().toString()));
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

    @Reference(service = ModelBackend.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBackend(ComponentServiceObjects<ModelBackend> service, ServiceReference<ModelBackend> ref) {
        add(ServiceProperties.KIND_BACKEND, service, ref);
    }

    void removeBackend(ComponentServiceObjects<ModelBackend> service, ServiceReference<ModelBackend> ref) {
        remove(ServiceProperties.KIND_BACKEND, ref);
    }

    @Reference(service = KvCachePolicy.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addKv(ComponentServiceObjects<KvCachePolicy> service, ServiceReference<KvCachePolicy> ref) {
        add(ServiceProperties.KIND_KV, service, ref);
    }

    void removeKv(ComponentServiceObjects<KvCachePolicy> service, ServiceReference<KvCachePolicy> ref) {
        remove(ServiceProperties.KIND_KV, ref);
    }

    @Reference(service = BenchmarkAdapter.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBenchmark(ComponentServiceObjects<BenchmarkAdapter> service, ServiceReference<BenchmarkAdapter> ref) {
        add(ServiceProperties.KIND_BENCHMARK, service, ref);
    }

    void removeBenchmark(ComponentServiceObjects<BenchmarkAdapter> service, ServiceReference<BenchmarkAdapter> ref) {
        remove(ServiceProperties.KIND_BENCHMARK, ref);
    }

    @Reference(service = RewardJudge.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addJudge(ComponentServiceObjects<RewardJudge> service, ServiceReference<RewardJudge> ref) {
        add(ServiceProperties.KIND_JUDGE, service, ref);
    }

    void removeJudge(ComponentServiceObjects<RewardJudge> service, ServiceReference<RewardJudge> ref) {
        remove(ServiceProperties.KIND_JUDGE, ref);
    }

    /** A bound service, got on first use; equal for the same service reference. */
    private record Lazy(ServiceReference<?> ref, ComponentServiceObjects<?> objects) implements Supplier<Object> {
        @Override
        public Object get() {
            return objects == null ? null : objects.getService();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lazy other && other.ref.equals(ref);
        }

        @Override
        public int hashCode() {
            return ref.hashCode();
        }
    }

    private void add(String kind, ComponentServiceObjects<?> service, ServiceReference<?> ref) {
        int ranking = ref.getProperty(org.osgi.framework.Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        registry.add(kind, id(ref), new Lazy(ref, service), origin(ref), text(ref.getProperty(ServiceProperties.DESCRIPTION)),
                ranking);
    }

    private void remove(String kind, ServiceReference<?> ref) {
        registry.remove(kind, id(ref), new Lazy(ref, null));
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

    // Registry

    @Override
    public <T> T get(String kind, String id, Class<T> type, String field) {
        return registry.get(kind, id, type, field);
    }

    @Override
    public <T> Optional<T> find(String kind, String id, Class<T> type) {
        return registry.find(kind, id, type);
    }

    @Override
    public List<Registered> list(String kind) {
        return registry.list(kind);
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
    public RunSpec parseSpec(Map<String, ?> fields) {
        return engine.parseSpec(fields);
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
