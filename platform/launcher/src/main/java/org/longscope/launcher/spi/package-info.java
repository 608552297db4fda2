/**
 * The boundary between the launcher (outside OSGi) and the bundles. The system bundle exports this
 * package (org.osgi.framework.system.packages.extra), so the launcher and the bundle implementing
 * {@link org.longscope.launcher.spi.CommandService} share these classes. Everything here uses JDK
 * types only: no bundle class ever crosses the boundary.
 */
package org.longscope.launcher.spi;
