package org.longscope.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party plugins, as their authors make them: projects generated from the benchmark and the
 * KV-method archetypes outside this repository, built with their own unit tests against the
 * installed API (and kv-core) alone, installed with {@code longscope plugins install} into a copy of
 * the distribution, and run. The nested Maven builds are offline and use this build's local
 * repository, where the itests pom installs the archetypes, the API and kv-core before the
 * integration tests.
 */
class ArchetypeIT {
    @TempDir
    Path work;

    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    static Result exec(Path directory, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // the nested builds compile for Java 25 with this JDK
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = Files.createTempFile(directory, "exec", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 180 s\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    static Result mvn(Path directory, String... args) throws IOException, InterruptedException {
        String home = System.getProperty("longscope.maven.home", "");
        Path launcher = Path.of(home, "bin", "mvn");
        List<String> command = new ArrayList<>();
        command.add(!home.isEmpty() && Files.isExecutable(launcher) ? launcher.toString() : "mvn");
        command.addAll(List.of("-B", "-o", "-Dmaven.repo.local=" + required("longscope.local.repository")));
        command.addAll(List.of(args));
        return exec(directory, command);
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    /** Generates a project from {@code archetype} in {@code work}; returns its folder. */
    static Path generate(Path work, String archetype, String artifactId, String pkg, String pluginId, String className)
            throws IOException, InterruptedException {
        Result generate = mvn(work,
                "org.apache.maven.plugins:maven-archetype-plugin:" + required("longscope.archetype.plugin.version") + ":generate",
                "-DarchetypeGroupId=org.longscope", "-DarchetypeArtifactId=" + archetype,
                "-DarchetypeVersion=" + required("longscope.version"), "-DinteractiveMode=false",
                "-DgroupId=com.example", "-DartifactId=" + artifactId, "-Dversion=1.0.0",
                "-Dpackage=" + pkg, "-DpluginId=" + pluginId, "-DclassName=" + className);
        assertEquals(0, generate.exitCode(), generate.toString());
        Path project = work.resolve(artifactId);
        String dir = pkg.replace('.', '/');
        for (String file : List.of("pom.xml", "README.md", ".gitignore", "src/main/java/" + dir + "/" + className + ".java",
                "src/test/java/" + dir + "/" + className + "Test.java")) {
            assertTrue(Files.isRegularFile(project.resolve(file)), file + " generated\n" + generate);
        }
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<longscope.version>" + required("longscope.version") + "</longscope.version>")
                && !pom.contains("<parent>"), pom);
        return project;
    }

    /** Builds a generated project with its own tests; returns its jar's manifest, continuation lines joined. */
    static String build(Path project, int tests, Path jar) throws IOException, InterruptedException {
        Result build = mvn(project, "package");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.output().contains("Tests run: " + tests + ", Failures: 0, Errors: 0, Skipped: 0"), build.toString());
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes())
                    .replace("\r\n ", "").replace("\n ", "");
        }
    }

    static Path runDirectory(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aBenchmarkGeneratedFromTheArchetypeBuildsTestsInstallsAndRuns() throws Exception {
        Path project = generate(work, "longscope-benchmark-archetype", "needle-bench", "com.example.needle", "needle",
                "NeedleBenchmark");
        String source = Files.readString(project.resolve("src/main/java/com/example/needle/NeedleBenchmark.java"));
        assertTrue(source.contains("\"longscope.kind=benchmark\", \"longscope.id=needle\"") && !source.contains("${"), source);

        // its own unit test runs and passes; the jar is a bundle importing the API packages by range
        Path jar = project.resolve("target/needle-bench-1.0.0.jar");
        String manifest = build(project, 4, jar);
        assertTrue(manifest.contains("Bundle-SymbolicName: com.example.needle-bench"), manifest);
        assertTrue(manifest.contains("org.longscope.api.bench;version=\"["), manifest);
        assertTrue(manifest.contains("Service-Component: OSGI-INF/com.example.needle.NeedleBenchmark.xml"), manifest);

        Path home = Distribution.copyTo(work);
        Path longscope = home.resolve("bin/longscope");
        Result install = exec(work, List.of(longscope.toString(), "plugins", "install", jar.toString()));
        assertEquals(0, install.exitCode(), install.toString());
        assertTrue(install.output().contains("com.example.needle-bench") && install.output().contains("(ACTIVE)")
                && install.output().contains("benchmark:needle"), "installed, started, its service named: " + install);
        assertTrue(Files.isRegularFile(home.resolve("plugins/com.example.needle-bench-1.0.0.jar")), install.toString());

        Result benchmarks = exec(work, List.of(longscope.toString(), "benchmarks"));
        assertEquals(0, benchmarks.exitCode(), benchmarks.toString());
        assertTrue(benchmarks.output().contains("needle  (com.example.needle-bench"), benchmarks.toString());

        // on the shipped model (the run names none) with the full cache and under SnapKV
        Path runs = work.resolve("runs");
        Result run = exec(work, List.of(longscope.toString(), "run", "--benchmark", "needle", "--lengths", "512",
                "--samples", "1", "--kv", "full", "--kv", "snapkv:budget=64", "--out", runs.toString()));
        assertEquals(0, run.exitCode(), run.toString());
        Path runDirectory = runDirectory(runs);
        List<String> samples = Files.readAllLines(runDirectory.resolve("samples.jsonl")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertEquals(2, samples.size(), run.toString());
        for (String line : samples) {
            assertTrue(line.contains("\"benchmark\":\"needle\"") && line.contains("\"task\":\"secret\"")
                    && line.contains("\"status\":\"done\"") && line.contains("\"accuracy\":"), line);
        }
        assertTrue(Files.isRegularFile(runDirectory.resolve("summary.json")), run.toString());
    }

    @Test
    void aKvMethodGeneratedFromTheArchetypeBuildsTestsInstallsAndRunsUnderItsId() throws Exception {
        Path project = generate(work, "longscope-kv-archetype", "bignorm-kv", "com.example.bignorm", "bignorm",
                "BigNormPolicy");
        String source = Files.readString(project.resolve("src/main/java/com/example/bignorm/BigNormPolicy.java"));
        assertTrue(source.contains("\"longscope.kind=kv\", \"longscope.id=bignorm\"") && !source.contains("${"), source);

        // its tests: exact against kv-core's dense cache with a covering budget, tokens kept, parameters
        Path jar = project.resolve("target/bignorm-kv-1.0.0.jar");
        String manifest = build(project, 3, jar);
        assertTrue(manifest.contains("org.longscope.api.kv;version=\"[") && manifest.contains("org.longscope.kv.core;version=\"["),
                manifest);

        Path home = Distribution.copyTo(work);
        Path longscope = home.resolve("bin/longscope");
        Result install = exec(work, List.of(longscope.toString(), "plugins", "install", jar.toString()));
        assertEquals(0, install.exitCode(), install.toString());
        assertTrue(install.output().contains("com.example.bignorm-kv") && install.output().contains("(ACTIVE)")
                && install.output().contains("kv:bignorm"), "installed, started, its service named: " + install);

        Result methods = exec(work, List.of(longscope.toString(), "methods"));
        assertEquals(0, methods.exitCode(), methods.toString());
        assertTrue(methods.output().contains("bignorm  (com.example.bignorm-kv 1.0.0)")
                && methods.output().contains("budget=1024  an integer in [1, 16777216]"), methods.toString());

        Path runs = work.resolve("runs-kv");
        Result run = exec(work, List.of(longscope.toString(), "run", "--benchmark", "passkey", "--lengths", "512",
                "--samples", "1", "--kv", "bignorm:budget=64", "--out", runs.toString()));
        assertEquals(0, run.exitCode(), run.toString());
        List<String> samples = Files.readAllLines(runDirectory(runs).resolve("samples.jsonl")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertEquals(5, samples.size(), run.toString()); // passkey's five depths
        for (String line : samples) {
            assertTrue(line.contains("\"kv\":\"bignorm:budget=64\"") && line.contains("\"status\":\"done\""), line);
        }
        // the method's cache held at most the budget plus the decoded tokens per head: less than the prompt
        assertTrue(samples.getFirst().contains("\"kv_bytes_resident\":"), samples.getFirst());
    }
}
