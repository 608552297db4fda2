package org.longscope.hub;

/**
 * Receives {@link DownloadProgress} reports, e.g. to draw a progress bar. Called from the
 * downloading thread or an HTTP client thread, one call at a time; must return quickly and must
 * not throw.
 */
@FunctionalInterface
public interface DownloadListener {

    /** A listener that ignores every report. */
    DownloadListener NONE = progress -> { };

    void progress(DownloadProgress progress);
}
