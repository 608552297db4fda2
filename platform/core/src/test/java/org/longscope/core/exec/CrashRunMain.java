package org.longscope.core.exec;

import java.nio.file.Path;
import org.longscope.core.runs.RunStatus;
import org.longscope.core.testing.EchoBackend;
import org.longscope.core.testing.TestPlugins;

/**
 * Runs a slow test run in its own JVM so a test can kill it with SIGKILL:
 * {@code CrashRunMain <runs-root>} prints {@code RUN_DIR <path>} and runs to the end.
 */
public final class CrashRunMain {
    static final String SPEC = """
            name: crash
            model: {backend: echo, ref: "echo:4096", options: {delay_ms: 40}}
            kv: ["evict:budget=64", "evict2:budget=32"]
            benchmarks: [{id: keys, tasks: [passkey], lengths: [200, 300], samples: 10}]
            concurrency: 3
            """;

    private CrashRunMain() {
    }

    public static void main(String[] args) throws Exception {
        Path runs = Path.of(args[0]);
        try (RunEngine engine = new RunEngine(TestPlugins.registry(new EchoBackend()), runs, runs.resolveSibling("data"))) {
            RunStatus status = engine.start(engine.parseSpec(SPEC, "crash.yaml"));
            System.out.println("RUN_DIR " + engine.directory(status.id()).orElseThrow());
            System.out.flush();
            engine.await(status.id());
        }
    }
}
