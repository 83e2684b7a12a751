package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit plugins}: lists the installed plugins with id, version, kind, state and citation or
 * error. Exits with 2 when two bundles provide the same kind and id (each is listed as
 * {@code CONFLICT} and neither is used).
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        subcommands = {PluginsInstallCommand.class, PluginsCheckCommand.class, PluginsRemoveCommand.class, PluginsIndexCommand.class},
        description = "List installed plugins: kind, id, version, state, and citation or error.")
public final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON lines (one object per plugin) for scripts.")
    private boolean json;

    /** The {@code qvit} command that owns the platform. */
    QvitCommand root() {
        return parent;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<PluginRecord> records = parent.platformQuietly().registry().list();
        if (json) {
            for (PluginRecord r : records) {
                out.println(Json.object("kind", r.kind(), "id", r.id(), "version", r.version(), "state", r.state().name(),
                        "citation", r.citation(), "error", r.error(), "bundle", r.bundle(), "location", r.location()));
            }
        } else {
            out.println(PluginTable.render(records));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        List<PluginRecord> clashes = records.stream().filter(r -> r.state() == PluginState.CONFLICT).toList();
        for (PluginRecord r : clashes) {
            err.println("qvit: " + r.kind() + " '" + r.id() + "' from " + r.bundle() + " " + r.version() + ": " + r.error());
        }
        err.flush();
        return clashes.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
