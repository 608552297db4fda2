/**
 * Suites: named, shipped sets of benchmarks (ids, tasks, lengths, sample counts, seeds) in the
 * format of a run spec's {@code benchmarks:} list, so {@code longscope run --suite quick} needs
 * nothing but a model.
 */
@Version("1.0.0")
@Export
package org.longscope.core.suites;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
