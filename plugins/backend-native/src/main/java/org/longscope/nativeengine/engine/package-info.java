/**
 * The native engine's forward pass, sampling and generation loop. Internal to the bundle.
 */
package org.longscope.nativeengine.engine;
