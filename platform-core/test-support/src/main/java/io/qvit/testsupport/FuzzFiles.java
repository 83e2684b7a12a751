package io.qvit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch files for fuzz targets whose parser reads a path rather than bytes: one folder per JVM,
 * in {@code /dev/shm} when it is writable (no disk traffic at a million inputs) and the temporary
 * directory otherwise, removed when the JVM exits. Each call overwrites the file of that name.
 */
public final class FuzzFiles {
    private static final Path DIR = createDir();

    private FuzzFiles() {
    }

    /** Writes {@code content} to {@code name} in the scratch folder and returns its path. */
    public static Path write(String name, byte[] content) {
        try {
            return Files.write(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write fuzz input " + DIR.resolve(name), e);
        }
    }

    /** The scratch folder of this JVM. */
    public static Path dir() {
        return DIR;
    }

    private static Path createDir() {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "qvit-fuzz-")
                    : Files.createTempDirectory("qvit-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "qvit-fuzz-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for fuzz inputs", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
