package io.qvit.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared reference data ({@code $QVIT_SHARED}, which the build sets to {@code ../shared}),
 * read in place. Tests that need it call {@link #file}; where it is absent they are skipped with a
 * message that says what is missing.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The root folder, or {@code null} when {@code QVIT_SHARED} is unset or not a directory. */
    public static Path rootOrNull() {
        String root = System.getenv("QVIT_SHARED");
        if (root == null || root.isBlank() || !Files.isDirectory(Path.of(root))) {
            return null;
        }
        return Path.of(root);
    }

    /** Whether {@code $QVIT_SHARED/<relative>} exists. */
    public static boolean has(String relative) {
        Path root = rootOrNull();
        return root != null && Files.exists(root.resolve(relative));
    }

    /**
     * {@code $QVIT_SHARED/<relative>} (a file or a folder), skipping the calling test when the shared
     * data or that entry is absent.
     */
    public static Path file(String relative) {
        Path root = rootOrNull();
        assumeTrue(root != null, "QVIT_SHARED is not set or not a directory (../shared): skipping a test that needs "
                + relative + " of the shared reference data");
        Path p = root.resolve(relative);
        assumeTrue(Files.exists(p), "shared entry " + p + " is absent: skipping");
        return p;
    }
}
