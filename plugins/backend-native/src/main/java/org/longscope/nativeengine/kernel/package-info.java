/**
 * Compute kernels of the native engine: matrix products per weight type, element-wise operations,
 * RoPE, and the compute pool they run on. Internal to the bundle.
 */
package org.longscope.nativeengine.kernel;
