package io.qvit.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared data folder ({@code QVIT_SHARED}) and skips a test when it is absent. */
final class SharedData {
    private SharedData() {
    }

    /** {@code $QVIT_SHARED/<relative>}, skipping the calling test if it does not exist. */
    static Path require(String relative) {
        String root = System.getenv("QVIT_SHARED");
        assumeTrue(root != null && !root.isBlank(), "QVIT_SHARED is not set: skipping test that needs the shared data");
        Path p = Path.of(root).resolve(relative);
        assumeTrue(Files.exists(p), "shared data not found at " + p + ": skipping");
        return p;
    }
}
