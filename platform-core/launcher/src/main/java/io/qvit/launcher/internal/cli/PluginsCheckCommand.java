package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRegistry;
import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.PluginJar;
import io.qvit.launcher.internal.install.InstallCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit plugins check JAR}: what {@code install} would check, without installing: the jar is
 * a readable bundle, declares qvit plugins, resolves against the platform's exported API, and its
 * ids are free. Exits with 2 and one line per problem otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a plugin jar without installing it: bundle, declared plugins, resolution, id clashes.")
public final class PluginsCheckCommand implements Callable<Integer> {
    @ParentCommand
    private PluginsCommand plugins;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "JAR", description = "The plugin jar.")
    private Path jar;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PluginJar pj;
        try {
            pj = PluginJar.read(jar.toAbsolutePath(), PluginRegistry.KIND_NAMES);
        } catch (InvalidPluginJarException e) {
            err.println("qvit: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        out.println("bundle   " + pj.symbolicName() + " " + pj.version() + " (SHA-256 " + pj.sha256() + ")");
        out.println("plugins  " + String.join(", ", pj.keys()));
        out.println("imports  " + pj.importPackage());
        List<String> problems = InstallCheck.problems(plugins.root().platformQuietly(), pj, true);
        out.println(problems.isEmpty() ? "OK: resolves against the platform's API and its ids are free" : "NOT INSTALLABLE");
        out.flush();
        problems.forEach(p -> err.println(jar + ": " + p));
        err.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
