/**
 * Benchmark adapters: they turn a dataset (downloaded or generated) into samples, render each
 * sample as a prompt, and score and aggregate the answers.
 */
@Version("2.2.0")
@Export
package org.longscope.api.bench;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
