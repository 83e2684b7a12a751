package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import picocli.CommandLine.Command;

/**
 * The top-level {@code qvit} command. It owns the platform: the first subcommand that needs
 * plugins starts it, and {@link #close()} stops it when the command ends.
 */
@Singleton
@Command(name = "qvit", mixinStandardHelpOptions = true, versionProvider = QvitVersion.class,
        description = "Post-training quantization research platform for vision transformers.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, RunCommand.class, ValidateCommand.class, SensitivityCommand.class, ExportCommand.class, BenchCommand.class, PluginsCommand.class, ShellCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 bad input (usage, experiment file), 3 platform error."})
public final class QvitCommand implements AutoCloseable {
    private final PlatformLayout layout;
    private Platform platform;
    private boolean interactive;

    /** A command over the installation at {@code layout}. */
    @Inject
    public QvitCommand(PlatformLayout layout) {
        this.layout = layout;
    }

    /** The running platform, started on first use. */
    public synchronized Platform platform() {
        if (platform == null) {
            platform = Platform.start(layout, interactive, Duration.ofSeconds(15));
        }
        return platform;
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
