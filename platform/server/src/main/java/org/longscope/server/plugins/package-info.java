/**
 * The bundles installed, and installing and removing plugins: for {@code /api/plugins} and the
 * CLI's {@code plugins} commands.
 */
@Version("1.0.0")
@Export
package org.longscope.server.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
