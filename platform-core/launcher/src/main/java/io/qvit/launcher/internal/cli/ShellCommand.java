package io.qvit.launcher.internal.cli;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code qvit shell}: the Apache Felix Gogo shell on the running platform, with the qvit commands
 * ({@code qvit:plugins}, {@code qvit:validate}) next to Gogo's own ({@code lb}, {@code install},
 * {@code update}, ...). {@code stop 0} leaves.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Open the Gogo shell on the running platform (qvit:plugins, qvit:validate, lb, ...). 'stop 0' exits.")
public final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Override
    public Integer call() throws Exception {
        parent.interactive();
        io.qvit.launcher.internal.ExitGuard.disarm(); // the shell's own exit is the user's
        BundleContext ctx = parent.platform().host().framework().getBundleContext();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "qvit");
        props.put("osgi.command.function", new String[] {"plugins", "validate"});
        ctx.registerService(Object.class, new GogoCommands(parent), props);
        parent.platform().host().startShell();
        parent.platform().host().awaitStop();
        return ExitCodes.OK;
    }
}
