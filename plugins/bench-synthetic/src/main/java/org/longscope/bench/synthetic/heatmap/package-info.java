/**
 * Depth x length heatmaps of needle-in-a-haystack results, as SVG and PNG (green for found, red
 * for missed, the average in the title), as in gkamradt's LLMTest_NeedleInAHaystack.
 */
@Version("1.0.0")
@Export
package org.longscope.bench.synthetic.heatmap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
