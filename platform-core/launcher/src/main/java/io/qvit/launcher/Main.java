package io.qvit.launcher;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.qvit.launcher.internal.ExitGuard;
import io.qvit.launcher.internal.GuiceFactory;
import io.qvit.launcher.internal.LauncherModule;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.cli.ExitCodes;
import io.qvit.launcher.internal.cli.QvitCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The {@code qvit} command-line entry point. The installation folder comes from the system
 * property {@code qvit.home} (set by {@code bin/qvit}), else the environment variable
 * {@code QVIT_HOME}, else the working directory.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its code; if the JVM is ended before that (a plugin
     * calling {@code System.exit}), the code is 4 ({@link ExitGuard}).
     */
    public static void main(String[] args) {
        String home = System.getProperty("qvit.home", System.getenv().getOrDefault("QVIT_HOME", "."));
        ExitGuard.arm();
        int code;
        try {
            code = run(PlatformLayout.of(Path.of(home)), args, new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true));
        } catch (IllegalStateException e) {
            System.err.println("qvit: " + e.getMessage());
            code = ExitCodes.PLATFORM_ERROR;
        } finally {
            ExitGuard.disarm(); // also when the command dies of an error: that is not a plugin's exit
        }
        System.exit(code);
    }

    /** Runs one command line against an installation; returns the exit code. */
    public static int run(PlatformLayout layout, String[] args, PrintWriter out, PrintWriter err) {
        Injector injector = Guice.createInjector(new LauncherModule(layout));
        try (QvitCommand root = injector.getInstance(QvitCommand.class)) {
            CommandLine cli = new CommandLine(root, new GuiceFactory(injector));
            cli.setOut(out);
            cli.setErr(err);
            cli.setExecutionExceptionHandler((ex, line, parsed) -> {
                err.println("qvit: " + ex.getMessage());
                return ex instanceof IllegalStateException ? ExitCodes.PLATFORM_ERROR
                        : io.qvit.launcher.internal.cli.BadInput.is(ex) ? ExitCodes.BAD_INPUT : ExitCodes.RUN_FAILED;
            });
            return cli.execute(args);
        }
    }
}
