package io.qvit.launcher.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The per-process OSGi cache folders in the temporary directory, named
 * {@code qvit-osgi-<pid>-<random>}: each is deleted by a shutdown hook, and folders left by
 * processes that are no longer alive (killed, or ended by a plugin) are removed when the next
 * one is created.
 */
public final class OsgiCaches {
    /** The name prefix of every cache folder. */
    public static final String PREFIX = "qvit-osgi-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.+");

    private OsgiCaches() {
    }

    /** A new cache folder in {@code java.io.tmpdir}. */
    public static Path create() throws IOException {
        return create(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Removes stale folders of dead processes in {@code tmp}, then creates a new folder there, deleted at JVM exit. */
    public static Path create(Path tmp) throws IOException {
        removeStale(tmp);
        Path dir = Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "qvit-osgi-cache-cleanup"));
        return dir;
    }

    /**
     * Deletes the cache folders in {@code tmp} whose process is not alive.
     *
     * @return how many were removed
     */
    public static int removeStale(Path tmp) {
        int removed = 0;
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path p : s) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException | SecurityException e) {
            // best effort: the temporary directory is not ours to fail on
        }
        return removed;
    }

    /** Deletes {@code root} and everything below it, as far as possible. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a temporary folder
        }
    }
}
