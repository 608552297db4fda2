/**
 * Run specifications: the serializable description of an evaluation (model, KV methods,
 * benchmarks, judge, evaluation settings), the same fields as the CLI flags.
 */
@Version("1.2.0")
@Export
package org.longscope.api.spec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
