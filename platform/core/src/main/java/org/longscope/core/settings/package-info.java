/**
 * The standardized evaluation settings applied to every model call: the chat template, middle
 * truncation to the window, the answer boundary and thinking removal. Exported for the server's
 * {@code /v1} API, which renders requests exactly as runs do.
 */
@Version("1.0.0")
@Export
package org.longscope.core.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
