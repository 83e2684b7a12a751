package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code qvit} command. It owns the platform: the first subcommand that needs
 * plugins starts it, and {@link #close()} stops it when the command ends.
 */
@Singleton
@Command(name = "qvit", mixinStandardHelpOptions = true, versionProvider = QvitVersion.class,
        description = "Post-training quantization research platform for vision transformers.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, RunCommand.class, SweepCommand.class, RunsCommand.class, ValidateCommand.class, SensitivityCommand.class, ExportCommand.class, BenchCommand.class, PluginsCommand.class, ShellCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 bad input (usage, experiment file, run folder in use), 3 platform error,",
            "4 a plugin ended the JVM before the command finished (no results)."})
public final class QvitCommand implements AutoCloseable {
    private final PlatformLayout layout;
    private Platform platform;
    private boolean interactive;

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print plugin failures with their full stack traces (SCR's log).")
    private boolean verbose;

    /** A command over the installation at {@code layout}. */
    @Inject
    public QvitCommand(PlatformLayout layout) {
        this.layout = layout;
    }

    /**
     * The running platform, started on first use. Plugins that are installed but not usable are
     * reported with one line each on standard error (the stack trace only with {@code --verbose}).
     */
    public synchronized Platform platform() {
        if (platform == null) {
            platform = startPlatform();
            PrintWriter err = spec == null ? null : spec.commandLine().getErr();
            if (err != null) {
                for (PluginRecord r : platform.registry().list()) {
                    if (r.state() != PluginState.ACTIVE && r.state() != PluginState.INSTALLED) {
                        err.println("qvit: plugin " + r.id() + " (" + r.kind() + ", " + r.bundle() + " " + r.version() + ") is "
                                + r.state() + ": " + r.error()
                                + (r.state() == PluginState.FAILED && !verbose ? " (--verbose for the stack trace)" : ""));
                    }
                }
                err.flush();
            }
        }
        return platform;
    }

    /** The running platform, started on first use, without reporting unusable plugins (the plugin table shows them). */
    public synchronized Platform platformQuietly() {
        if (platform == null) {
            platform = startPlatform();
        }
        return platform;
    }

    private Platform startPlatform() {
        return Platform.start(layout, interactive, verbose, Duration.ofSeconds(15));
    }

    /** Asks the next {@link #platform()} start to attach the Gogo shell to the terminal. */
    synchronized void interactive() {
        this.interactive = true;
    }

    /** The installation layout. */
    public PlatformLayout layout() {
        return layout;
    }

    @Override
    public synchronized void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
