package org.longscope.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.longscope.api.InvalidInputException;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.json.Json;
import org.longscope.core.plan.DataAccess;
import org.longscope.core.registry.Plugins;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunManager;
import org.longscope.core.runs.RunState;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.spec.SpecParser;
import org.longscope.core.store.RunDirectory;

/**
 * The run engine as a plain object: {@link RunManager} over a {@link Plugins} lookup and a runs
 * folder. Each run executes on its own thread; finished runs of earlier sessions are listed from
 * their directories.
 */
public final class RunEngine implements RunManager, AutoCloseable {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path runsRoot;
    private final RunWorker worker;
    private final ShardMerger merger;
    private volatile ModelSpec defaultModel;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("longscope-run-", 0).factory());

    /**
     * @param plugins  service lookup
     * @param runsRoot folder of run directories (created when missing)
     * @param data     makes benchmark data available (the dataset manager, or data already on disk)
     */
    public RunEngine(Plugins plugins, Path runsRoot, DataAccess data) {
        this.runsRoot = runsRoot.toAbsolutePath().normalize();
        this.worker = new RunWorker(plugins, data);
        this.merger = new ShardMerger(plugins);
    }

    /** An engine reading benchmark data already on disk under {@code dataRoot}. */
    public RunEngine(Plugins plugins, Path runsRoot, Path dataRoot) {
        this(plugins, runsRoot, DataAccess.local(dataRoot));
    }

    /** The model of specs that name none (the shipped model); {@code null} makes {@code model} required. */
    public void setDefaultModel(ModelSpec model) {
        this.defaultModel = model;
    }

    @Override
    public RunSpec parseSpec(String document, String sourceName) {
        return SpecParser.parse(document, sourceName, defaultModel);
    }

    @Override
    public RunSpec parseSpec(Map<String, ?> fields) {
        return SpecParser.parse(fields, defaultModel);
    }

    @Override
    public void validate(RunSpec spec) {
        worker.validate(spec);
    }

    @Override
    public RunStatus start(RunSpec spec) {
        String backend = worker.validate(spec);
        RunDirectory dir;
        try {
            Files.createDirectories(runsRoot);
            dir = new RunDirectory(newRunDirectory(spec.name()));
            dir.writeSpec(worker.specDocument(dir.runId(), spec, backend));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a run directory under " + runsRoot, e);
        }
        return launch(new Run(dir, spec, backend));
    }

    private Path newRunDirectory(String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String id = name + "-" + ID_TIME.format(Instant.now()) + "-"
                    + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
            Path path = runsRoot.resolve(id);
            try {
                return Files.createDirectory(path);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /** Opens a model as a run would (the default model for {@code null}). */
    public org.longscope.api.model.LanguageModel openModel(ModelSpec model) throws IOException {
        ModelSpec spec = model != null ? model : defaultModel;
        if (spec == null) {
            throw new InvalidInputException("model", "expected a model: none is given and no default model is configured");
        }
        return worker.open(spec);
    }

    /** The merged run goes beside the others, named after the run with "-merged". */
    @Override
    public RunStatus mergeShards(List<Path> shardDirectories) throws IOException {
        if (shardDirectories.isEmpty()) {
            throw new InvalidInputException("shards", "expected the run directories of a sharded run");
        }
        String name = new RunDirectory(shardDirectories.getFirst()).readSpecDocument().path("spec").path("name").asText("run");
        Files.createDirectories(runsRoot);
        RunDirectory target = new RunDirectory(newRunDirectory(name + "-merged"));
        try {
            merger.merge(shardDirectories, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(target.path());
            throw e;
        }
        return fromDisk(target.path()).orElseThrow();
    }

    private static void deleteQuietly(Path directory) {
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover empty or partial directory is harmless; the error that caused it is reported
        }
    }

    @Override
    public RunStatus resume(Path runDirectory) {
        RunDirectory dir = new RunDirectory(runDirectory.toAbsolutePath().normalize());
        Run active = runs.get(dir.runId());
        if (active != null && !active.state().terminal()) {
            return active.status();
        }
        RunSpec spec;
        try {
            spec = dir.readSpec();
        } catch (IOException e) {
            throw new InvalidInputException(dir.spec().toString(), "cannot read: " + e.getMessage());
        }
        return launch(new Run(dir, spec, worker.validate(spec)));
    }

    private RunStatus launch(Run run) {
        runs.put(run.id(), run);
        RunStatus status = run.status();
        threads.execute(() -> worker.execute(run));
        return status;
    }

    @Override
    public List<RunStatus> list() {
        List<RunStatus> all = new ArrayList<>();
        runs.values().forEach(r -> all.add(r.status()));
        if (Files.isDirectory(runsRoot)) {
            try (Stream<Path> dirs = Files.list(runsRoot)) {
                dirs.filter(d -> !runs.containsKey(d.getFileName().toString()))
                        .map(RunEngine::fromDisk)
                        .flatMap(Optional::stream)
                        .forEach(all::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot list " + runsRoot, e);
            }
        }
        all.sort(Comparator.comparing(RunStatus::id));
        return all;
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        Run run = runs.get(runId);
        if (run != null) {
            return Optional.of(run.status());
        }
        return safeChild(runId).flatMap(RunEngine::fromDisk);
    }

    /** Status of a run of an earlier session, from its files: summary.json's state, else interrupted. */
    private static Optional<RunStatus> fromDisk(Path path) {
        RunDirectory dir = new RunDirectory(path);
        if (!Files.isRegularFile(dir.spec())) {
            return Optional.empty();
        }
        try {
            JsonNode spec = Json.MAPPER.readTree(dir.spec().toFile());
            String name = spec.path("spec").path("name").asText(dir.runId());
            if (Files.isRegularFile(dir.summary())) {
                JsonNode summary = Json.MAPPER.readTree(dir.summary().toFile());
                RunState state = RunState.valueOf(summary.path("state").asText("completed").toUpperCase(Locale.ROOT));
                JsonNode c = summary.path("counts");
                ProgressEvent event = new ProgressEvent(dir.runId(), state, c.path("done").asInt(), c.path("skipped").asInt(),
                        c.path("failed").asInt(), c.path("total").asInt(), 0, 0, "");
                return Optional.of(new RunStatus(dir.runId(), name, state, event, null,
                        Files.getLastModifiedTime(dir.summary()).toInstant(), null));
            }
            ProgressEvent event = new ProgressEvent(dir.runId(), RunState.FAILED, 0, 0, 0,
                    spec.path("work_items").asInt(0), 0, -1, "interrupted");
            return Optional.of(new RunStatus(dir.runId(), name, RunState.FAILED, event, null, null,
                    "interrupted before it finished; resume it to complete it"));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> safeChild(String runId) {
        if (runId == null || !runId.matches("[A-Za-z0-9._-]+") || runId.startsWith(".")) {
            return Optional.empty();
        }
        Path path = runsRoot.resolve(runId);
        return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public boolean cancel(String runId) {
        Run run = runs.get(runId);
        return run != null && run.requestCancel();
    }

    @Override
    public Subscription subscribe(String runId, Consumer<ProgressEvent> listener) {
        Run run = runs.get(runId);
        if (run != null) {
            return run.subscribe(listener);
        }
        RunStatus past = status(runId).orElseThrow(() -> new InvalidInputException("run", "unknown run id '" + runId + "'"));
        listener.accept(past.progress());
        return () -> { };
    }

    @Override
    public Optional<Path> directory(String runId) {
        Run run = runs.get(runId);
        return run != null ? Optional.of(run.directory.path()) : safeChild(runId);
    }

    @Override
    public Path runsRoot() {
        return runsRoot;
    }

    @Override
    public RunStatus await(String runId) throws InterruptedException, IOException {
        Run run = runs.get(runId);
        if (run != null) {
            return run.await();
        }
        return status(runId).orElseThrow(() -> new InvalidInputException("run", "unknown run id '" + runId + "'"));
    }

    /**
     * Cancels every active run and waits (at most a minute in all) for the items in flight to be
     * stored; a run still busy after that is left to its daemon threads and resumes next time.
     */
    @Override
    public void close() {
        runs.values().forEach(Run::requestCancel);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        for (Run run : runs.values()) {
            try {
                if (!run.awaitEnd(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    System.getLogger(RunEngine.class.getName()).log(System.Logger.Level.WARNING,
                            "run " + run.id() + " still busy at shutdown; resume it later");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.shutdown();
    }
}
