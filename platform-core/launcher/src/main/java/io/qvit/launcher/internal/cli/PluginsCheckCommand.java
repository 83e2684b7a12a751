package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRegistry;
import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.PluginJar;
import io.qvit.api.quant.Quantizer;
import io.qvit.launcher.internal.bundle.ProvidedPlugin;
import io.qvit.launcher.internal.conformance.ConformanceRun;
import io.qvit.launcher.internal.install.InstallCheck;
import io.qvit.launcher.internal.install.InstallException;
import io.qvit.launcher.internal.install.ProbeBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit plugins check JAR}: what {@code install} would check, without installing: the jar is
 * a readable bundle, declares qvit plugins, resolves against the platform's exported API, and its
 * ids are free; then it starts the bundle and runs the quantizer conformance kit on each of its
 * quantizers (8-bit per-tensor asymmetric minmax). Exits with 2 and one line per problem otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a plugin jar without installing it: bundle, declared plugins, resolution, id clashes, conformance kit.")
public final class PluginsCheckCommand implements Callable<Integer> {
    @ParentCommand
    private PluginsCommand plugins;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "JAR", description = "The plugin jar.")
    private Path jar;

    /** Runs the conformance kit on every quantizer the jar provides, started in this command's platform. */
    private void conformance(PluginJar pj, PrintWriter out, List<String> problems) {
        List<String> ids = pj.plugins().stream().filter(p -> p.kind().equals(Quantizer.class.getSimpleName()))
                .map(ProvidedPlugin::id).toList();
        if (ids.isEmpty()) {
            return;
        }
        try (ProbeBundle probe = ProbeBundle.start(plugins.root().platformQuietly(), pj)) {
            Map<String, Quantizer> quantizers = probe.services(Quantizer.class, ids);
            for (String id : ids) {
                Quantizer q = quantizers.get(id);
                if (q == null) {
                    problems.add("Quantizer '" + id + "' did not activate (qvit plugins shows the reason once installed)");
                    continue;
                }
                ConformanceRun run = ConformanceRun.of(q);
                out.println("kit      Quantizer:" + id + ": " + run.passed() + " conformance checks passed"
                        + (run.failedChecks().isEmpty() ? "" : "; failed: " + String.join(", ", run.failedChecks())));
                if (!run.ok()) {
                    problems.add("Quantizer '" + id + "' fails the conformance kit (8-bit per-tensor minmax): "
                            + (run.firstFailures().isEmpty() ? "no check ran" : String.join(" | ", run.firstFailures())));
                }
            }
        } catch (InstallException e) {
            problems.add(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        }
    }

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
        List<String> problems = new ArrayList<>(InstallCheck.problems(plugins.root().platformQuietly(), pj, true));
        if (problems.isEmpty()) {
            conformance(pj, out, problems);
        }
        out.println(problems.isEmpty() ? "OK: resolves against the platform's API, its ids are free"
                + " and its quantizers pass the conformance kit" : "NOT INSTALLABLE");
        out.flush();
        problems.forEach(p -> err.println(jar + ": " + p));
        err.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
