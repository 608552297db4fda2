package org.longscope.launcher.spi;

import java.io.PrintStream;

/**
 * Where a command writes.
 *
 * @param out         results (tables, lists)
 * @param err         errors and the progress bar
 * @param interactive true when {@code err} is a terminal: the progress bar redraws in place
 */
public record Console(PrintStream out, PrintStream err, boolean interactive) {
}
