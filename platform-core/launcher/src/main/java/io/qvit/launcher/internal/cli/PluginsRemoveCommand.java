package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRegistry;
import io.qvit.launcher.internal.install.InstallException;
import io.qvit.launcher.internal.install.PluginRemover;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qvit plugins remove ID}: deletes the installed jar that provides plugin {@code ID} and its lock entry. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove the installed plugin jar that provides ID (a plugin id, bundle symbolic name or jar file name).")
public final class PluginsRemoveCommand implements Callable<Integer> {
    @ParentCommand
    private PluginsCommand plugins;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Plugin id, bundle symbolic name or jar file name.")
    private String name;

    @Override
    public Integer call() {
        try {
            Path removed = PluginRemover.remove(plugins.root().layout(), name, PluginRegistry.KIND_NAMES);
            spec.commandLine().getOut().println("removed " + removed);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (InstallException e) {
            spec.commandLine().getErr().println("qvit: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
