package io.qvit.launcher.internal.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads plugin jars once per content: the result of {@link PluginJar#read} is kept until the
 * file's size or modification time changes, so listing plugins often stays cheap.
 */
public final class JarCache {
    private record Key(long size, long modified) {
    }

    private record Entry(Key key, PluginJar jar, InvalidPluginJarException problem) {
    }

    private final Set<String> kinds;
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /** A cache that reads jars with {@code kinds} as the plugin kinds (fully qualified interface names). */
    public JarCache(Set<String> kinds) {
        this.kinds = Set.copyOf(kinds);
    }

    /**
     * The jar at {@code file}.
     *
     * @throws InvalidPluginJarException if it is not a usable plugin bundle
     */
    public PluginJar read(Path file) throws InvalidPluginJarException {
        Key key;
        try {
            key = new Key(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            entries.remove(file);
            throw new InvalidPluginJarException(file, "cannot read the jar: " + e.getMessage(), e);
        }
        Entry e = entries.get(file);
        if (e == null || !e.key().equals(key)) {
            try {
                e = new Entry(key, PluginJar.read(file, kinds), null);
            } catch (InvalidPluginJarException ex) {
                e = new Entry(key, null, ex);
            }
            entries.put(file, e);
        }
        if (e.problem() != null) {
            throw e.problem();
        }
        return e.jar();
    }
}
