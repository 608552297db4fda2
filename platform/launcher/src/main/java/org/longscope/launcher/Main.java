package org.longscope.launcher;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.longscope.launcher.spi.CommandService;
import org.longscope.launcher.spi.Console;
import org.longscope.launcher.spi.ExitCodes;
import org.longscope.launcher.spi.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code longscope} command. Arguments are parsed here, outside OSGi; the work is done inside
 * the framework by the {@link CommandService} a bundle registers (see the spi package for why the
 * boundary is typed with JDK types only).
 */
@Command(name = "longscope", mixinStandardHelpOptions = true, version = "LongScope 0.1.0",
        description = "Evaluates long-context language models.",
        subcommands = {Main.Run.class, Main.Serve.class, Main.Plugins.class, Main.Benchmarks.class, Main.Methods.class, Main.Report.class,
                Main.Data.class, Main.Model.class})
public final class Main {

    static final long SERVICE_TIMEOUT_MS = 15_000;

    public static void main(String[] args) {
        Timing.report("jvm-start-to-main", Timing.sinceJvmStart());
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (0 done, 1 failed, 2 bad input). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        // Jetty and friends log through slf4j-simple; warnings and errors are what a CLI user needs
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        // DJL's platform probe warns on every CPU-only machine that it found no usable CUDA driver
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils",
                System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error"));
        // SPI Fly logs each woven provider through java.util.logging at INFO
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    /** Boots the platform, runs one command against its CommandService, stops the platform. */
    static int withPlatform(Map<String, String> properties, ToIntFunction<CommandService> command) throws Exception {
        Timing.report("jvm-start-to-command", Timing.sinceJvmStart());
        Layout layout = Layout.locate();
        String problem = layout.problem();
        if (problem != null) {
            System.err.println("error: " + problem);
            return ExitCodes.FAILED;
        }
        try (Platform platform = Platform.start(layout, properties, false)) {
            // Ctrl-C stops the framework cleanly; an interrupted run resumes from its directory
            Thread stopper = new Thread(platform::close, "longscope-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            CommandService service = platform.service(CommandService.class, SERVICE_TIMEOUT_MS);
            return command.applyAsInt(service);
        }
    }

    static Console console() {
        return new Console(System.out, System.err, System.console() != null);
    }

    @Command(name = "run", description = "Runs an evaluation from a spec file and/or flags.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "<spec.yaml>", description = "YAML or JSON run spec")
        Path spec;
        @Option(names = "--suite", description = "a shipped suite (quick, standard, short, loombench) or a suite YAML file")
        String suite;
        @Option(names = "--model", description = "model path, hub id or URL")
        String model;
        @Option(names = "--backend", description = "backend id (default: the first that can open the model)")
        String backend;
        @Option(names = "--benchmark", description = "benchmark id")
        String benchmark;
        @Option(names = "--tasks", split = ",", description = "tasks, comma separated")
        List<String> tasks = new ArrayList<>();
        @Option(names = "--lengths", split = ",", description = "target lengths, e.g. 4k,8k,16384")
        List<String> lengths = new ArrayList<>();
        @Option(names = "--samples", description = "samples per length")
        Integer samples;
        @Option(names = "--seed", description = "seed")
        Long seed;
        @Option(names = "--kv", description = "KV method, repeatable: snapkv:budget=512")
        List<String> kv = new ArrayList<>();
        @Option(names = "--max-length", description = "prompt + generation budget in tokens, e.g. 32k")
        String maxLength;
        @Option(names = "--truncation", description = "middle (default), left, right or skip")
        String truncation;
        @Option(names = "--no-template", description = "send prompts without the chat template")
        boolean noTemplate;
        @Option(names = "--out", description = "folder of run directories (default: runs/)")
        Path out;
        @Option(names = "--judge", paramLabel = "ID[:k=v,...]",
                description = "reward judge for reward benchmarks: generative, scalar, likelihood[:normalize=true]")
        String judge;
        @Option(names = "--judge-model", paramLabel = "REF",
                description = "the judging model (path, hub id, URL); default: the run's model")
        String judgeModel;
        @Option(names = "--shard", paramLabel = "K/N",
                description = "run the K-th of N disjoint slices of the plan (merge them with report)")
        String shard;
        @Option(names = "--resume", paramLabel = "<run-dir>",
                description = "resume an interrupted run from its directory (no other flags)")
        Path resume;

        @Override
        public Integer call() throws Exception {
            if (resume != null) {
                if (!Files.isDirectory(resume)) {
                    System.err.println("error: --resume " + resume + ": no such run directory");
                    return ExitCodes.BAD_INPUT;
                }
                Path directory = resume.toAbsolutePath();
                return withPlatform(Map.of("longscope.runs", directory.getParent().toString()),
                        s -> s.resume(directory, console()));
            }
            if (spec != null && !Files.isRegularFile(spec)) {
                System.err.println("error: " + spec + ": no such spec file");
                return ExitCodes.BAD_INPUT;
            }
            RunOptions options = new RunOptions(spec == null ? null : spec.toAbsolutePath(), suite, model, backend,
                    benchmark, tasks, lengths, samples, seed, kv, maxLength, truncation, noTemplate,
                    out == null ? null : out.toAbsolutePath(), judge, judgeModel, shard);
            Map<String, String> properties = out == null ? Map.of()
                    : Map.of("longscope.runs", out.toAbsolutePath().toString());
            return withPlatform(properties, s -> s.run(options, console()));
        }
    }

    @Command(name = "serve", description = "Serves the REST API until stopped (Ctrl-C).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--host", description = "address to bind (default 127.0.0.1)")
        String host;
        @Option(names = "--port", description = "port (default 8080)")
        Integer port;
        @Option(names = "--token", description = "bearer token required for state-changing calls and for /v1 "
                + "(default: $LONGSCOPE_TOKEN); required when binding a non-loopback address")
        String token;
        @Option(names = "--models", paramLabel = "<serve.yaml>",
                description = "the models /v1 serves, with their backends and KV methods (default: the default model)")
        Path models;

        @Override
        public Integer call() throws Exception {
            Layout layout = Layout.locate();
            String problem = layout.problem();
            if (problem != null) {
                System.err.println("error: " + problem);
                return ExitCodes.FAILED;
            }
            Map<String, String> defaults = Platform.frameworkProperties(layout, Map.of());
            String bindHost = host != null ? host : defaults.get("org.apache.felix.http.host");
            String bindPort = port != null ? port.toString() : defaults.get("org.osgi.service.http.port");
            String bearer = token != null ? token : System.getenv("LONGSCOPE_TOKEN");
            if (bearer == null) {
                bearer = defaults.get("longscope.server.token");
            }
            if ((bearer == null || bearer.isBlank()) && !isLoopback(bindHost)) {
                System.err.println("error: --host " + bindHost + " is not a loopback address: refusing to serve "
                        + "without a token (--token or LONGSCOPE_TOKEN)");
                return ExitCodes.BAD_INPUT;
            }
            Map<String, String> properties = new java.util.HashMap<>();
            properties.put("org.apache.felix.http.host", bindHost);
            properties.put("org.osgi.service.http.port", bindPort);
            if (bearer != null && !bearer.isBlank()) {
                properties.put("longscope.server.token", bearer);
            }
            if (models != null) {
                if (!Files.isRegularFile(models)) {
                    System.err.println("error: --models " + models + ": no such file");
                    return ExitCodes.BAD_INPUT;
                }
                properties.put("longscope.server.models", models.toAbsolutePath().toString());
            }
            Platform platform = Platform.start(layout, properties, true);
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "longscope-shutdown"));
            int serving = platform.service(CommandService.class, SERVICE_TIMEOUT_MS).checkServing(console());
            if (serving != ExitCodes.OK) {
                platform.close();
                return serving;
            }
            System.err.println("LongScope serving http://" + bindHost + ":" + bindPort + "/api and /v1 (Ctrl-C to stop)");
            platform.awaitStop();
            return ExitCodes.OK;
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Command(name = "plugins", description = "Lists, installs and removes plugin bundles.",
            subcommands = {Plugins.ListPlugins.class, Plugins.Install.class, Plugins.Remove.class})
    static final class Plugins {
        @Command(name = "list", description = "Lists bundles, their state and the services they provide.")
        static final class ListPlugins implements Callable<Integer> {
            @Override
            public Integer call() throws Exception {
                return withPlatform(Map.of(), s -> s.listPlugins(console()));
            }
        }

        @Command(name = "install", description = "Copies a bundle jar into plugins/ and installs it.")
        static final class Install implements Callable<Integer> {
            @Parameters(paramLabel = "<jar>")
            Path jar;

            @Override
            public Integer call() throws Exception {
                if (!Files.isRegularFile(jar)) {
                    System.err.println("error: " + jar + ": no such file");
                    return ExitCodes.BAD_INPUT;
                }
                Path absolute = jar.toAbsolutePath();
                return withPlatform(Map.of(), s -> s.installPlugin(absolute, console()));
            }
        }

        @Command(name = "remove", description = "Removes a drop-in plugin by symbolic name, bundle id or file name.")
        static final class Remove implements Callable<Integer> {
            @Parameters(paramLabel = "<id>")
            String id;

            @Override
            public Integer call() throws Exception {
                return withPlatform(Map.of(), s -> s.removePlugin(id, console()));
            }
        }
    }

    @Command(name = "benchmarks", description = "Lists benchmark adapters, their tasks and metrics.")
    static final class Benchmarks implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return withPlatform(Map.of(), s -> s.benchmarks(console()));
        }
    }

    @Command(name = "methods", description = "Lists the KV-cache methods with their parameters, defaults and ranges.")
    static final class Methods implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return withPlatform(Map.of(), s -> s.methods(console()));
        }
    }

    @Command(name = "report", description = "Prints the summary table of a run directory; given the "
            + "directories of a sharded run's slices, merges them into one run directory first.")
    static final class Report implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "<run-dir>")
        List<Path> runDirectories = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            for (Path directory : runDirectories) {
                if (!Files.isDirectory(directory)) {
                    System.err.println("error: " + directory + ": no such run directory");
                    return ExitCodes.BAD_INPUT;
                }
            }
            List<Path> absolute = runDirectories.stream().map(Path::toAbsolutePath).toList();
            if (absolute.size() == 1) {
                return withPlatform(Map.of(), s -> s.report(absolute.getFirst(), console()));
            }
            // the merged run goes into the runs folder that holds the first slice
            return withPlatform(Map.of("longscope.runs", absolute.getFirst().getParent().toString()),
                    s -> s.mergeShards(absolute, console()));
        }
    }

    @Command(name = "data", description = "Manages the datasets benchmarks download.",
            subcommands = {Data.Pull.class})
    static final class Data {
        @Command(name = "pull", description = "Downloads a benchmark's data files into the dataset cache.")
        static final class Pull implements Callable<Integer> {
            @Parameters(paramLabel = "<benchmark>", description = "benchmark id, e.g. ruler")
            String benchmark;

            @Override
            public Integer call() throws Exception {
                return withPlatform(Map.of(), s -> s.pullData(benchmark, console()));
            }
        }
    }

    @Command(name = "model", description = "Model utilities.", subcommands = {Model.Synth.class})
    static final class Model {
        @Command(name = "synth", description = "Writes a random-weight model of a real shape with a real tokenizer: "
                + "--shape qwen2.5-0.5b|llama-3.2-1b|qwen3-0.6b|tiny-llama|tiny-qwen2|tiny-qwen3 "
                + "--dtype f32|f16|bf16|q8_0|q4_0|q4_k|q6_k --format gguf|hf --out <path> [--seed N] [--labels N]")
        static final class Synth implements Callable<Integer> {
            // every argument, in order: SyntheticModels parses them and names a bad one
            @CommandLine.Unmatched
            List<String> arguments = new ArrayList<>();

            @Override
            public Integer call() throws Exception {
                // relative --out paths are the caller's, not the platform's working directory
                List<String> absolute = new ArrayList<>(arguments);
                int out = absolute.indexOf("--out");
                if (out >= 0 && out + 1 < absolute.size()) {
                    absolute.set(out + 1, Path.of(absolute.get(out + 1)).toAbsolutePath().toString());
                }
                return withPlatform(Map.of(), s -> s.synthModel(absolute, console()));
            }
        }
    }
}
