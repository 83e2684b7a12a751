package io.qvit.launcher.internal;

import io.qvit.launcher.internal.cli.ExitCodes;

/**
 * The last line against plugins that end the JVM: a shutdown hook that, when the JVM exits before
 * the command finished (a plugin called {@code System.exit} by reflection, past the jar scan and
 * the {@link PluginGate}), prints one line and turns the exit code into
 * {@link ExitCodes#PLUGIN_ENDED_JVM}, so that a run never exits 0 without its results. Exits
 * caused by a signal (Ctrl-C, {@code kill}) keep their usual code.
 */
public final class ExitGuard {
    private static volatile boolean armed;
    private static volatile boolean signalled;
    private static boolean installed;

    private ExitGuard() {
    }

    /** Arms the guard for the command that is about to run (installs the hook once). */
    public static synchronized void arm() {
        if (!installed) {
            installed = true;
            for (String name : new String[] {"INT", "TERM", "HUP"}) {
                try {
                    sun.misc.Signal sig = new sun.misc.Signal(name);
                    sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                    previous[0] = sun.misc.Signal.handle(sig, s -> {
                        signalled = true;
                        sun.misc.SignalHandler p = previous[0];
                        if (p == sun.misc.SignalHandler.SIG_DFL || p == sun.misc.SignalHandler.SIG_IGN || p == null) {
                            Runtime.getRuntime().exit(128 + s.getNumber());
                        } else {
                            p.handle(s);
                        }
                    });
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // signal not available here (or reserved with -Xrs): exits by it count as plugin exits
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::onExit, "qvit-exit-guard"));
        }
        armed = true;
    }

    /** The command finished (or hands the terminal to the user, like the shell): exits are expected from now on. */
    public static void disarm() {
        armed = false;
    }

    private static void onExit() {
        if (armed && !signalled) {
            System.err.println("qvit: a plugin ended the JVM (System.exit) before the command finished; exit code "
                    + ExitCodes.PLUGIN_ENDED_JVM);
            System.err.flush();
            Runtime.getRuntime().halt(ExitCodes.PLUGIN_ENDED_JVM);
        }
    }
}
