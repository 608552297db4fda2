/**
 * The dataset manager: fetches the files a benchmark declares
 * ({@link org.longscope.api.bench.DataFile}) from the Hugging Face hub or a mirror into a local
 * cache, with resumable downloads, checksum verification, progress reporting and an offline mode.
 *
 * <p>Cache layout: {@code <cache>/<repository>/<revision>/<path>}. The run engine passes the cache
 * directory as {@link org.longscope.api.bench.SampleContext#dataDirectory()}, so an adapter finds
 * its file at {@link org.longscope.api.bench.DataFile#resolveIn file.resolveIn(dataDirectory)}.
 */
@Version("1.0.0")
@Export
package org.longscope.hub;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
