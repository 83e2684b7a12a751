package io.qvit.launcher.internal.cli;

/** The exit codes of the {@code qvit} command, documented in docs/cli.md for scripts. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The experiment started but failed while running (see the message and the run folder). */
    public static final int RUN_FAILED = 1;
    /** Bad input: usage error, invalid experiment file, unknown plugin id, missing file. */
    public static final int BAD_INPUT = 2;
    /** The platform itself could not start (missing core bundles, broken installation). */
    public static final int PLATFORM_ERROR = 3;
    /** A plugin ended the JVM (System.exit) before the command finished; a run has no results. */
    public static final int PLUGIN_ENDED_JVM = 4;

    private ExitCodes() {
    }
}
