package io.tickertape.cli;

/** The launcher's exit codes. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran but failed (e.g. every feed failed, the broker is unreachable). */
    public static final int FAILURE = 1;
    /** Unknown option, bad value, unreadable input file. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
