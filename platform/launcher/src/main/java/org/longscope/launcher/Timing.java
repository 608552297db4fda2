package org.longscope.launcher;

import java.lang.management.ManagementFactory;

/** Start-up figures, printed to stderr when the environment variable LONGSCOPE_TIMING is set. */
final class Timing {
    static final boolean ENABLED = System.getenv("LONGSCOPE_TIMING") != null;

    /** LONGSCOPE_TIMING=detail also reports each bundle's start. */
    static final boolean DETAIL = "detail".equals(System.getenv("LONGSCOPE_TIMING"));

    private Timing() {
    }

    /** Milliseconds since the JVM started. */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    static void detail(String event, long millis) {
        if (DETAIL) {
            report(event, millis);
        }
    }

    static void report(String event, long millis) {
        if (ENABLED) {
            System.err.println("timing: " + event + " " + millis + " ms");
        }
    }
}
