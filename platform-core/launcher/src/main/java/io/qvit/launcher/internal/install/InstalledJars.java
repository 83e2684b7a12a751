package io.qvit.launcher.internal.install;

import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The jars of a plugin folder, matched by bundle symbolic name, plugin id or file name (install and remove). */
final class InstalledJars {
    private InstalledJars() {
    }

    static List<Path> all(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The jars of {@code dir} whose bundle is {@code symbolicName}. */
    static List<Path> ofBundle(Path dir, String symbolicName, Set<String> kinds) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : all(dir)) {
            try {
                if (PluginJar.read(p, kinds).symbolicName().equals(symbolicName)) {
                    out.add(p);
                }
            } catch (InvalidPluginJarException e) {
                // not a bundle: cannot be an older version of this one
            }
        }
        return out;
    }

    /**
     * The jars of {@code dir} that {@code name} designates: a plugin id ({@code pow2} or
     * {@code Quantizer:pow2}), a bundle symbolic name, or a file name (also of an invalid jar).
     */
    static List<Path> matching(Path dir, String name, Set<String> kinds) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : all(dir)) {
            if (p.getFileName().toString().equals(name)) {
                out.add(p);
                continue;
            }
            try {
                PluginJar j = PluginJar.read(p, kinds);
                if (j.symbolicName().equals(name) || j.keys().contains(name)
                        || j.plugins().stream().anyMatch(x -> x.id().equals(name))) {
                    out.add(p);
                }
            } catch (InvalidPluginJarException e) {
                // only matched by file name
            }
        }
        return out;
    }
}
