package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 1 of issue #19: a jar in {@code plugins/} made every command wait for the whole 15 s
 * settle timeout, because FileInstall's bundle locations ({@code file:/...}) never equalled the
 * folder's {@code Path.toUri()} ({@code file:///...}). The platform must be ready as soon as the
 * jar is installed, also when a jar in the folder can never be installed.
 */
class PluginFolderSettleTest {
    /** The command line's settle timeout; the platform must be ready well before it. */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final double READY_WITHIN_SECONDS = 6;

    @TempDir
    Path home;

    private double startSeconds(Path home, String expectId, PluginState expectState) {
        try (Platform p = Platform.start(CliRun.layout(home), false, SETTLE)) {
            if (expectId != null) {
                PluginRecord r = p.registry().list().stream().filter(x -> x.id().equals(expectId)).findFirst()
                        .orElseThrow(() -> new AssertionError(expectId + " not listed right after start: " + p.registry().list()));
                assertEquals(expectState, r.state(), r.toString());
            }
            return p.startSeconds();
        }
    }

    @Test
    void aDropInPluginPresentAtStartIsReadyWithoutWaitingForTheTimeout() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        double without = startSeconds(home, null, null);
        TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
        double with = startSeconds(home, "test-echo", PluginState.ACTIVE);
        System.out.printf("platform start to ready: %.2f s without a plugin jar, %.2f s with one%n", without, with);
        assertTrue(with < READY_WITHIN_SECONDS, "start with one plugin jar took " + with + " s (without: " + without + " s)");
    }

    @Test
    void aJarThatCanNeverBeInstalledDoesNotHoldUpTheStart() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.write(plugins.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        double with = startSeconds(home, "broken.jar", PluginState.INVALID);
        assertTrue(with < READY_WITHIN_SECONDS, "start with a corrupt jar took " + with + " s");
    }
}
