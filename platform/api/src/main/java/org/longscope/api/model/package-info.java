/**
 * Model backends and the language models they open: tokenizer, generation, log-probabilities and
 * reward scores.
 */
@Version("1.3.0")
@Export
package org.longscope.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
