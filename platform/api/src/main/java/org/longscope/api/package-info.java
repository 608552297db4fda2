/**
 * Common vocabulary of LongScope services: the service property names every plugin registers with,
 * and the error type that names the culprit of bad input.
 */
@Version("1.1.0")
@Export
package org.longscope.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
