package org.longscope.launcher.spi;

/** Process exit codes of the {@code longscope} command. */
public final class ExitCodes {
    /** The command did what was asked; a run completed. */
    public static final int OK = 0;
    /** A run failed or was cancelled, or the platform could not do the work. */
    public static final int FAILED = 1;
    /** Bad input: a malformed spec (the field path is printed), an unknown id, a missing file. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
