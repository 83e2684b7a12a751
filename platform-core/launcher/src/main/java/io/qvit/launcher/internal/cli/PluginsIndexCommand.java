package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.ExportedPackages;
import io.qvit.launcher.internal.PluginRegistry;
import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.PluginJar;
import io.qvit.launcher.internal.install.IndexEntry;
import io.qvit.launcher.internal.install.InstallException;
import io.qvit.launcher.internal.install.MavenCoordinates;
import io.qvit.launcher.internal.install.PluginIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit plugins index JAR... --out FILE}: adds plugin jars to a repository index (creating
 * it), with their coordinates, plugin ids, API ranges, SHA-256 and download location, so that
 * others can {@code qvit plugins install ID --index FILE|URL}.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Add plugin jars to a repository index (JSON) that 'install --index' reads.")
public final class PluginsIndexCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private PluginsCommand plugins;

    @Parameters(paramLabel = "JAR", arity = "1..*", description = "Plugin jars to list.")
    private List<Path> jars;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The index file (updated if it exists).")
    private Path out;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Where the jars will be downloaded from (default: the jar's path relative to the index).")
    private String baseUrl;

    @Override
    public Integer call() {
        try {
            List<IndexEntry> entries = new ArrayList<>(Files.exists(out) ? PluginIndex.read(out.toString()).plugins() : List.of());
            for (Path jar : jars) {
                PluginJar pj = PluginJar.read(jar.toAbsolutePath(), PluginRegistry.KIND_NAMES);
                String[] ga = MavenCoordinates.of(jar).orElse(new String[] {"unknown", pj.symbolicName()});
                Map<String, String> api = new TreeMap<>();
                ExportedPackages.parse(pj.importPackage()).forEach((pkg, range) -> {
                    if (pkg.startsWith("io.qvit.api")) {
                        api.put(pkg, range);
                    }
                });
                String url = baseUrl != null ? baseUrl.replaceAll("/+$", "") + "/" + jar.getFileName()
                        : out.toAbsolutePath().getParent().relativize(jar.toAbsolutePath()).toString().replace('\\', '/');
                IndexEntry e = new IndexEntry(ga[0], ga[1], pj.version().toString(), pj.symbolicName(), pj.keys(), api,
                        pj.sha256(), url);
                entries.removeIf(x -> x.coordinates().equals(e.coordinates()));
                entries.add(e);
                spec.commandLine().getOut().println("indexed " + e.coordinates() + " " + e.plugins() + " -> " + url);
            }
            Files.writeString(out, PluginIndex.write(entries));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (InvalidPluginJarException e) {
            spec.commandLine().getErr().println("qvit: " + e.getMessage());
        } catch (InstallException | IOException e) {
            spec.commandLine().getErr().println("qvit: " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
        return ExitCodes.BAD_INPUT;
    }
}
