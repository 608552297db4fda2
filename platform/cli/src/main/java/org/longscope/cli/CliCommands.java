package org.longscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.longscope.api.InvalidInputException;
import org.longscope.server.ApiException;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.longscope.api.model.ModelSynthesizer;
import org.longscope.api.ServiceProperties;
import org.longscope.api.bench.BenchmarkAdapter;
import org.longscope.api.bench.BenchmarkInfo;
import org.longscope.api.bench.DataFile;
import org.longscope.api.bench.TaskInfo;
import org.longscope.api.kv.ParamSpec;
import org.longscope.api.registry.Registered;
import org.longscope.api.registry.Registry;
import org.longscope.api.spec.RunSpec;
import org.longscope.hub.ConsoleProgress;
import org.longscope.hub.DatasetManager;
import org.longscope.core.runs.Catalog;
import org.longscope.core.runs.ProgressEvent;
import org.longscope.core.runs.RunManager;
import org.longscope.core.runs.RunState;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.runs.ServiceEntry;
import org.longscope.server.OpenAiEndpoint;
import org.longscope.core.suites.SuiteLibrary;
import org.longscope.launcher.spi.CommandService;
import org.longscope.launcher.spi.Console;
import org.longscope.launcher.spi.ExitCodes;
import org.longscope.launcher.spi.RunOptions;
import org.longscope.server.plugins.PluginInstaller;
import org.longscope.server.plugins.PluginInventory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The CLI commands, run inside the framework on behalf of the launcher. */
@Component(service = CommandService.class)
public class CliCommands implements CommandService {
    private final RunManager runs;
    private final Catalog catalog;
    /** Benchmarks and the ids of every kind, by id. */
    private final Registry registry;
    private final BundleContext context;
    private final SuiteLibrary suites;
    private final PluginInventory inventory;
    private final PluginInstaller installer;
    private final DatasetManager datasets;
    private final OpenAiEndpoint served;
    /** {@code model synth}, from the bundle that provides it (the native backend), when one is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ModelSynthesizer synthesizer;

    @Activate
    public CliCommands(@Reference RunManager runs, @Reference SuiteLibrary suites, @Reference DatasetManager datasets,
            @Reference OpenAiEndpoint served, @Reference Catalog catalog, @Reference Registry registry, BundleContext context) {
        this.runs = runs;
        this.registry = registry;
        this.catalog = catalog;
        this.served = served;
        this.suites = suites;
        this.datasets = datasets;
        this.context = context;
        String dropIn = context.getProperty("felix.fileinstall.dir");
        this.inventory = new PluginInventory(context, dropIn == null ? null : Path.of(dropIn).toAbsolutePath());
        this.installer = new PluginInstaller(context, inventory);
    }

    @Override
    public int run(RunOptions options, Console console) {
        PrintStream err = console.err();
        RunSpec spec;
        try {
            String text = options.specFile() == null ? null : SpecAssembler.read(options.specFile());
            SpecAssembler.Document document = SpecAssembler.assemble(options, text,
                    name -> suites.resolve(name).specFields());
            spec = document.text() != null ? runs.parseSpec(document.text(), document.sourceName())
                    : runs.parseSpec(document.fields());
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot read " + options.specFile() + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        RunStatus started;
        try {
            started = runs.start(spec);
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return watch(started, console);
    }

    @Override
    public int resume(Path runDirectory, Console console) {
        RunStatus started;
        try {
            started = runs.resume(runDirectory);
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return watch(started, console);
    }

    /** Shows a run's progress until it ends, then its summary table; returns the exit code. */
    private int watch(RunStatus started, Console console) {
        PrintStream err = console.err();
        err.println("run " + started.id() + " -> " + runs.directory(started.id()).map(Path::toString).orElse("?"));
        ProgressBar bar = new ProgressBar(err, console.interactive());
        AtomicBoolean firstItem = new AtomicBoolean();
        boolean timing = System.getenv("LONGSCOPE_TIMING") != null;
        RunStatus finished;
        try (RunManager.Subscription ignored = runs.subscribe(started.id(), e -> {
            if (timing && e.done() + e.failed() + e.skipped() > 0 && firstItem.compareAndSet(false, true)) {
                long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                err.println("timing: jvm-start-to-first-work-item " + millis + " ms");
            }
            bar.update(e);
        })) {
            finished = runs.await(started.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.cancel(started.id());
            err.println("interrupted: run " + started.id() + " cancelled; resume it from its directory");
            return ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        Path directory = runs.directory(started.id()).orElse(null);
        if (directory != null) {
            printSummary(directory, console.out());
        }
        if (finished.state() != RunState.COMPLETED) {
            err.println("run " + finished.id() + " " + finished.state().name().toLowerCase()
                    + (finished.error() == null ? "" : ": " + finished.error()));
            return finished.refused() ? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
        }
        ProgressEvent last = finished.progress();
        err.println("run " + finished.id() + " completed" + (last == null ? "" : ": " + last.done() + " done, "
                + last.skipped() + " skipped, " + last.failed() + " failed") + "; results in " + directory);
        return ExitCodes.OK;
    }

    /** Prints the run's report (comparison and detail tables); false when it has no summary yet. */
    private boolean printSummary(Path directory, PrintStream out) {
        if (!Files.isRegularFile(directory.resolve("summary.json"))) {
            return false;
        }
        try {
            out.print(runs.report(directory));
            out.flush();
            return true;
        } catch (IOException | InvalidInputException e) {
            return false;
        }
    }

    @Override
    public int pullData(String benchmark, Console console) {
        BenchmarkAdapter adapter;
        try {
            adapter = registry.get(ServiceProperties.KIND_BENCHMARK, benchmark, BenchmarkAdapter.class, "benchmark");
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try {
            List<DataFile> files = adapter.info().dataFiles();
            if (files.isEmpty()) {
                console.out().println(benchmark + " generates its data: nothing to download");
                return ExitCodes.OK;
            }
            List<Path> paths = datasets.pull(benchmark, files, new ConsoleProgress(console.err()));
            paths.forEach(p -> console.out().println(p));
            return ExitCodes.OK;
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    @Override
    public int synthModel(List<String> arguments, Console console) {
        ModelSynthesizer service = synthesizer;
        if (service == null) {
            console.err().println("error: model synth needs a bundle that provides it (the native backend, "
                    + "org.longscope.backend.nativeengine)");
            return ExitCodes.FAILED;
        }
        try {
            console.out().println("wrote " + service.synthesize(arguments));
            return ExitCodes.OK;
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (RuntimeException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    @Override
    public int benchmarks(Console console) {
        PrintStream out = console.out();
        List<Registered> benchmarks = registry.list(ServiceProperties.KIND_BENCHMARK);
        if (benchmarks.isEmpty()) {
            out.println("no benchmark adapters installed");
        }
        for (Registered r : benchmarks) {
            BenchmarkAdapter adapter = registry.find(ServiceProperties.KIND_BENCHMARK, r.id(), BenchmarkAdapter.class)
                    .orElse(null);
            if (adapter == null) {
                continue; // gone since the listing
            }
            BenchmarkInfo info = adapter.info();
            out.println(info.id() + "  (" + r.bundle() + " " + r.bundleVersion() + ")  " + info.description());
            for (TaskInfo t : info.tasks()) {
                out.println("  " + t.name() + "  [" + t.ability() + "]  metrics: " + String.join(", ", t.metrics())
                        + (t.generated() ? "  (generated to any length)" : ""));
            }
        }
        for (String kind : List.of(ServiceProperties.KIND_BACKEND, ServiceProperties.KIND_KV, ServiceProperties.KIND_JUDGE)) {
            List<String> ids = registry.ids(kind);
            out.println(kind + ": " + (ids.isEmpty() ? "(none)" : String.join(", ", ids)));
        }
        return ExitCodes.OK;
    }

    @Override
    public int methods(Console console) {
        PrintStream out = console.out();
        List<ServiceEntry> methods = catalog.services(ServiceProperties.KIND_KV);
        if (methods.isEmpty()) {
            out.println("no KV-cache methods installed");
        }
        for (ServiceEntry m : methods) {
            out.println(m.id() + "  (" + m.bundle() + " " + m.bundleVersion() + ")  " + m.description());
            for (ParamSpec p : m.parameters()) {
                out.println("  " + p.name() + "=" + (p.defaultValue() == null ? "(derived)" : p.defaultValue())
                        + "  " + p.rangeText() + (p.description() == null || p.description().isEmpty() ? "" : "  " + p.description()));
            }
        }
        return ExitCodes.OK;
    }

    @Override
    public int report(Path runDirectory, Console console) {
        if (printSummary(runDirectory, console.out())) {
            return ExitCodes.OK;
        }
        Path samples = runDirectory.resolve("samples.jsonl");
        if (!Files.isRegularFile(samples)) {
            console.err().println("error: " + runDirectory + ": not a run directory (no summary.csv, no samples.jsonl)");
            return ExitCodes.BAD_INPUT;
        }
        try (var lines = Files.lines(samples)) {
            console.err().println(runDirectory + " has no summary yet; " + lines.filter(l -> !l.isBlank()).count()
                    + " samples recorded (resume the run to finish it)");
        } catch (IOException e) {
            console.err().println("error: cannot read " + samples + ": " + e.getMessage());
        }
        return ExitCodes.FAILED;
    }

    @Override
    public int mergeShards(List<Path> shardDirectories, Console console) {
        RunStatus merged;
        try {
            merged = runs.mergeShards(shardDirectories);
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            console.err().println("error: cannot merge the shards: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        Path directory = runs.directory(merged.id()).orElseThrow();
        console.err().println("merged " + shardDirectories.size() + " shards -> " + directory);
        return report(directory, console);
    }

    @Override
    public int checkServing(Console console) {
        if (served.problem().isPresent()) {
            console.err().println("error: " + served.problem().get());
            return ExitCodes.BAD_INPUT;
        }
        console.err().println("/v1 serves " + served.ids());
        return ExitCodes.OK;
    }

    @Override
    public int listPlugins(Console console) {
        PrintStream out = console.out();
        out.printf("%-4s %-45s %-22s %-11s %s%n", "id", "bundle", "version", "state", "services");
        for (Map<String, Object> b : inventory.list()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> services = (List<Map<String, Object>>) b.get("services");
            String longscope = services.stream().filter(s -> s.containsKey("kind"))
                    .map(s -> s.get("kind") + ":" + s.get("id")).collect(Collectors.joining(", "));
            out.printf("%-4s %-45s %-22s %-11s %s%s%n", b.get("id"), b.get("symbolicName"), b.get("version"),
                    b.get("state"), longscope, Boolean.TRUE.equals(b.get("plugin")) ? "  (plugin)" : "");
        }
        return ExitCodes.OK;
    }

    @Override
    public int installPlugin(Path jar, Console console) {
        try {
            Bundle b = installer.install(Files.readAllBytes(jar), jar.toString());
            console.out().println("installed " + b.getSymbolicName() + " " + b.getVersion() + " ("
                    + PluginInventory.stateName(b.getState()) + ") services: " + PluginInventory.services(b).stream()
                    .filter(s -> s.containsKey("kind")).map(s -> s.get("kind") + ":" + s.get("id")).toList());
            return b.getState() == Bundle.ACTIVE ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (InvalidInputException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | IllegalStateException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    @Override
    public int removePlugin(String id, Console console) {
        try {
            console.out().println("removed " + installer.remove(id));
            return ExitCodes.OK;
        } catch (ApiException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | org.osgi.framework.BundleException e) {
            console.err().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
