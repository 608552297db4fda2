/**
 * The one registry of LongScope services: backends, KV-cache methods, benchmarks, judges and
 * suites found by kind and id. The core bundle provides it as an OSGi service fed by the service
 * registry (Declarative Services); plugins that need another service by id (a KV method wrapping
 * a base method, a backend applying the requested KV method) reference it instead of keeping
 * tables of their own.
 */
@Version("1.0.0")
@Export
package org.longscope.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
