package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: a non-jar file named {@code x.jar}, a folder {@code foo.jar} and a throwing activator
 * in {@code plugins/} made every command slow, and the bad entries were not listed. Each is listed
 * with the reason (INVALID, FAILED) and the command is not held up.
 */
class BadPluginEntriesTest {
    @TempDir
    Path home;

    private static String row(CliRun r, String name) {
        return r.out().lines().filter(l -> l.contains(name)).findFirst().orElseThrow(() -> new AssertionError(name + ": " + r.out()));
    }

    @Test
    void badEntriesAreListedWithTheirReasonAndDoNotDelayTheCommand() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(plugins.resolve("x.jar"), "this is not a jar");
        Files.createDirectories(plugins.resolve("foo.jar"));
        TestBundles.build("test.throwing", "1.0.0", "io.qvit.launcher.testplugins.throwing", null,
                "io.qvit.launcher.testplugins.throwing.ThrowingActivator", plugins.resolve("throwing.jar"));
        TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
        long t0 = System.nanoTime();
        CliRun r = CliRun.run(home, "plugins");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.err());
        assertTrue(seconds < 8, "qvit plugins took " + seconds + " s");
        String x = row(r, "x.jar");
        assertTrue(x.contains("INVALID") && x.contains("not a readable jar"), x);
        String foo = row(r, "foo.jar");
        assertTrue(foo.contains("INVALID") && foo.contains("a folder, not a jar file"), foo);
        String throwing = row(r, "test.throwing");
        assertTrue(throwing.contains("FAILED") && throwing.contains("activator boom"), throwing);
        assertTrue(row(r, "test-echo").contains("ACTIVE"));
    }
}
