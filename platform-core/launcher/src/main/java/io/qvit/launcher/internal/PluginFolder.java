package io.qvit.launcher.internal;

import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.JarCache;
import io.qvit.launcher.internal.bundle.Locations;
import io.qvit.launcher.internal.bundle.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;

/**
 * The jars of a plugin folder compared with the installed bundles: which jar no bundle was
 * installed from, and why it never will be (a truncated or corrupt file, no bundle manifest, the
 * same symbolic name and version as an installed bundle). Such a jar is shown as
 * {@link PluginState#INVALID} and does not hold up the wait for the folder to settle.
 */
final class PluginFolder {
    private PluginFolder() {
    }

    /** The entries of {@code dir} named {@code *.jar} (files, and folders, which are invalid), sorted; empty if the folder does not exist. */
    static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .map(Locations::canonical).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The installed bundles by the path they were installed from. */
    static Map<Path, Bundle> byPath(Bundle[] bundles) {
        Map<Path, Bundle> out = new HashMap<>();
        for (Bundle b : bundles) {
            Locations.path(b.getLocation()).ifPresent(p -> out.put(p, b));
        }
        return out;
    }

    /**
     * Why {@code jar} is not and will not be a running bundle, or empty if it is fine (installed,
     * or valid and waiting to be installed).
     */
    static Optional<String> problem(Path jar, JarCache cache, Map<Path, Bundle> installed) {
        PluginJar pj;
        try {
            pj = cache.read(jar);
        } catch (InvalidPluginJarException e) {
            return Optional.of(e.reason());
        }
        if (installed.containsKey(jar)) {
            return Optional.empty();
        }
        for (Map.Entry<Path, Bundle> e : installed.entrySet()) {
            Bundle b = e.getValue();
            if (pj.symbolicName().equals(b.getSymbolicName()) && pj.version().equals(b.getVersion())) {
                return Optional.of("same Bundle-SymbolicName and Bundle-Version (" + pj.symbolicName() + " " + pj.version()
                        + ") as the bundle installed from " + e.getKey() + "; give the new build a higher version");
            }
        }
        return Optional.empty();
    }

    /** An {@link PluginState#INVALID} row for every jar of {@code dirs} with a {@link #problem}. */
    static List<PluginRecord> invalid(List<Path> dirs, JarCache cache, Bundle[] bundles) {
        Map<Path, Bundle> installed = byPath(bundles);
        List<PluginRecord> out = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path jar : jars(dir)) {
                problem(jar, cache, installed).ifPresent(why -> {
                    String name = jar.getFileName().toString();
                    Bundle b = installed.get(jar);
                    String detail = b == null || b.getState() != Bundle.ACTIVE ? why
                            : why + " (the bundle installed earlier from it, " + b.getSymbolicName() + " " + b.getVersion()
                                    + ", keeps running until the file is fixed)";
                    out.add(new PluginRecord(name, "bundle", "-", "", PluginState.INVALID, detail, name,
                            jar.toUri().toString()));
                });
            }
        }
        return out;
    }
}
