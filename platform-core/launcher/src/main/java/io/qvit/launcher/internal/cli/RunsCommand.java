package io.qvit.launcher.internal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code qvit runs}: the index of finished run folders (docs/runs-index.md) — {@code list},
 * {@code compare} and {@code index}. Without a subcommand it prints its usage and exits 2.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        subcommands = {RunsListCommand.class, RunsCompareCommand.class, RunsIndexCommand.class},
        description = "What you already ran and how it did: list, compare and (re)index finished run folders.")
public final class RunsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("qvit runs: give a subcommand: list, compare or index");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
