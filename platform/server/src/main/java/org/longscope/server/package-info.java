/**
 * What the server shares with the CLI bundle: the API error type and what {@code /v1} serves.
 */
@Version("1.0.0")
@Export
package org.longscope.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
