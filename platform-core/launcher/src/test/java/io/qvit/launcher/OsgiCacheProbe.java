package io.qvit.launcher;

import io.qvit.launcher.internal.OsgiCaches;
import java.nio.file.Path;

/** Creates an OSGi cache folder in the folder given as argument, prints it and exits (for {@link OsgiCachesTest}). */
public final class OsgiCacheProbe {
    private OsgiCacheProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path dir = OsgiCaches.create(Path.of(args[0]));
        java.nio.file.Files.writeString(dir.resolve("felix.txt"), "cache");
        System.out.println(dir);
        System.exit(0);
    }
}
