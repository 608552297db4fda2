/**
 * The run engine's service interface, consumed by the CLI and the REST server: start, watch,
 * cancel and read runs.
 */
@Version("1.3.0")
@Export
package org.longscope.core.runs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
