package io.qvit.launcher.internal.install;

import io.qvit.launcher.internal.PlatformLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code qvit plugins remove ID}: deletes the jar in the plugin folder that provides plugin
 * {@code ID} (or is bundle or file {@code ID}) and its lock entry. Plugins shipped with the
 * distribution cannot be removed this way.
 */
public final class PluginRemover {
    private PluginRemover() {
    }

    /**
     * Removes what {@code name} designates; returns the removed file.
     *
     * @throws InstallException if nothing or more than one jar matches, or it is a shipped plugin
     */
    public static Path remove(PlatformLayout layout, String name, Set<String> kinds) throws InstallException {
        try {
            List<Path> matches = InstalledJars.matching(layout.plugins(), name, kinds);
            if (matches.isEmpty()) {
                if (!InstalledJars.matching(layout.shippedPlugins(), name, kinds).isEmpty()) {
                    throw new InstallException("'" + name + "' is shipped with qvit (" + layout.shippedPlugins()
                            + ") and cannot be removed");
                }
                throw new InstallException("no plugin '" + name + "' in " + layout.plugins()
                        + " (name a plugin id, a bundle symbolic name or a jar file name)");
            }
            if (matches.size() > 1) {
                throw new InstallException("'" + name + "' matches " + matches.size() + " jars in " + layout.plugins() + ": "
                        + matches.stream().map(p -> p.getFileName().toString()).toList() + "; name one by its file name");
            }
            Path jar = matches.get(0);
            Files.delete(jar);
            LockFile.remove(layout.plugins(), jar.getFileName().toString());
            return jar;
        } catch (IOException e) {
            throw new InstallException(layout.plugins() + ": cannot remove '" + name + "': " + e.getMessage(), e);
        }
    }
}
