/**
 * KV-cache methods: a {@link org.longscope.api.kv.KvCachePolicy} service creates one
 * {@link org.longscope.api.kv.KvCache} per sequence, which stores keys and values and owns attention
 * over what it keeps.
 */
@Version("1.0.0")
@Export
package org.longscope.api.kv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
