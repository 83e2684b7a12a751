package io.qvit.launcher.internal.bundle;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bundle locations as file paths. Locations are URIs in whatever form the installer wrote them:
 * FileInstall writes {@code file:/a/b.jar} ({@link java.io.File#toURI()}), the host
 * {@code file:///a/b.jar} ({@link Path#toUri()}); comparing them as strings never matches, so
 * every comparison goes through {@link #path}.
 */
public final class Locations {
    private Locations() {
    }

    /** The normalized absolute path of a {@code file:} location, if it is one. */
    public static Optional<Path> path(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(canonical(Path.of(URI.create(location))));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** {@code p} absolute and normalized, with symbolic links resolved when it exists. */
    public static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (java.io.IOException e) {
            Path parent = abs.getParent();
            if (parent != null) {
                try {
                    return parent.toRealPath().resolve(abs.getFileName());
                } catch (java.io.IOException ignored) {
                    // fall through: the folder is gone too
                }
            }
            return abs;
        }
    }
}
