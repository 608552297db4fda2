/**
 * Reward judges: they decide between candidate responses to one long prompt, pairwise or by
 * ranking (best-of-N).
 */
@Version("2.1.0")
@Export
package org.longscope.api.judge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
