package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvit --version} prints the platform version and the exported API package versions (issue #19). */
class VersionCommandTest {
    @TempDir
    Path home;

    @Test
    void printsPlatformAndApiPackageVersions() {
        CliRun r = CliRun.run(home, "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("qvit "), r.out());
        assertTrue(r.out().matches("(?s).*io\\.qvit\\.api\\.quant\\s+1\\.3\\.0.*"), r.out());
        assertTrue(r.out().matches("(?s).*io\\.qvit\\.api\\.kernel\\s+2\\.1\\.0.*"), r.out());
    }
}
