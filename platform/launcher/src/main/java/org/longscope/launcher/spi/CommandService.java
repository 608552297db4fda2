package org.longscope.launcher.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * The CLI commands that need the platform, implemented inside the framework (by the server bundle)
 * and called by the launcher once the bundles are active. Each method returns the process exit code
 * ({@link ExitCodes}) and writes its output to the console it is given.
 */
public interface CommandService {

    /** Runs an evaluation with a progress bar and prints the summary table at the end. */
    int run(RunOptions options, Console console);

    /** Resumes an interrupted run from its directory, like {@link #run}: finished items are kept. */
    int resume(Path runDirectory, Console console);

    /** Downloads the data files a benchmark declares into the dataset cache, with a progress bar. */
    int pullData(String benchmark, Console console);

    /** Writes a random-weight model of a real shape ({@code longscope model synth} arguments). */
    int synthModel(List<String> arguments, Console console);

    /** Lists benchmark adapters with their tasks and metrics. */
    int benchmarks(Console console);

    /** Lists the KV-cache methods with their parameters, defaults and ranges. */
    int methods(Console console);

    /** Prints the summary table of a finished (or partial) run directory. */
    int report(Path runDirectory, Console console);

    /**
     * Merges the run directories of a sharded run ({@code --shard 1/N} ... {@code N/N}) into a new
     * run directory beside them and prints its summary table.
     */
    int mergeShards(List<Path> shardDirectories, Console console);

    /**
     * Checks what {@code serve} will answer under {@code /v1} (the server config of
     * {@code longscope.server.models}) and prints the served model ids, or the config's error.
     */
    int checkServing(Console console);

    /** Lists bundles with their version, state and the LongScope services each provides. */
    int listPlugins(Console console);

    /** Copies a bundle jar into the drop-in folder and waits until it is installed. */
    int installPlugin(Path jar, Console console);

    /** Removes a drop-in plugin by bundle symbolic name, bundle id or file name. */
    int removePlugin(String id, Console console);
}
