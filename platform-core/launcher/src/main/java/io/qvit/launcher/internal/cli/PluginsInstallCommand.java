package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRegistry;
import io.qvit.launcher.internal.install.InstallException;
import io.qvit.launcher.internal.install.LockEntry;
import io.qvit.launcher.internal.install.PluginInstaller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit plugins install FILE|URL|group:artifact:version [--index FILE|URL]}: checks a plugin
 * jar against the platform (it resolves against the exported API, its ids are free), then puts it
 * into the plugin folder and records its SHA-256 in {@code plugins.lock.json}.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install a plugin jar after checking that it resolves and its ids are free; records its SHA-256.")
public final class PluginsInstallCommand implements Callable<Integer> {
    @ParentCommand
    private PluginsCommand plugins;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "A jar file, a URL, group:artifact:version, or (with --index) a plugin id.")
    private String source;

    @Option(names = "--index", paramLabel = "FILE|URL", description = "A plugin repository index (JSON) to look SOURCE up in.")
    private String index;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Refuse the jar unless its SHA-256 is this.")
    private String sha256;

    @Option(names = "--repository", paramLabel = "DIR",
            description = "Maven repository folder for group:artifact:version (default: ~/.m2/repository).")
    private List<Path> repositories = new ArrayList<>();

    @Override
    public Integer call() {
        QvitCommand root = plugins.root();
        List<Path> repos = new ArrayList<>(repositories);
        if (repos.isEmpty()) {
            repos.add(Path.of(System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString())));
        }
        PluginInstaller installer = new PluginInstaller(root.layout(), root::platformQuietly, PluginRegistry.KIND_NAMES);
        try {
            LockEntry e = installer.install(source, index, sha256, repos);
            spec.commandLine().getOut().println("installed " + e.bundle() + " " + e.version() + " " + e.plugins() + " as "
                    + root.layout().plugins().resolve(e.file()) + " (SHA-256 " + e.sha256() + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (InstallException e) {
            spec.commandLine().getErr().println("qvit: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
