/** Random-weight models of real shapes with a real tokenizer, for tests and benchmarks. */
@Version("1.0.0")
@Export
package org.longscope.nativeengine.synth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
