package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.PluginStarter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: a plugin whose activator loops or sleeps hung every command, because FileInstall
 * started drop-ins on the main thread. Plugins are started off it with a deadline
 * ({@value PluginStarter#TIMEOUT_PROPERTY}); the plugin is shown FAILED and the rest works.
 */
class HangingPluginTest {
    @TempDir
    Path home;

    @AfterEach
    void clearTimeout() {
        System.clearProperty(PluginStarter.TIMEOUT_PROPERTY);
    }

    @Test
    void aHangingActivatorIsFailedAfterTheDeadlineAndTheOtherPluginsWork() throws Exception {
        System.setProperty(PluginStarter.TIMEOUT_PROPERTY, "2");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        TestBundles.build("test.hanging", "1.0.0", "io.qvit.launcher.testplugins.hanging", null,
                "io.qvit.launcher.testplugins.hanging.HangingActivator", plugins.resolve("hanging.jar"));
        TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
        long t0 = System.nanoTime();
        CliRun r = CliRun.run(home, "plugins");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.err());
        assertTrue(seconds < 12, "qvit plugins took " + seconds + " s with a hanging plugin (deadline 2 s)");
        String row = r.out().lines().filter(l -> l.contains("test.hanging")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(row.contains("FAILED") && row.contains("activation did not finish in 2 s"), row);
        String echo = r.out().lines().filter(l -> l.contains("test-echo")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(echo.contains("ACTIVE"), echo);
    }

    @Test
    void aBadDeadlineIsAnErrorNamingTheProperty() {
        System.setProperty(PluginStarter.TIMEOUT_PROPERTY, "soon");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                PluginStarter::configuredTimeout);
        assertTrue(e.getMessage().startsWith(PluginStarter.TIMEOUT_PROPERTY + "=soon"), e.getMessage());
        System.setProperty(PluginStarter.TIMEOUT_PROPERTY, "0.5");
        assertEquals(500, PluginStarter.configuredTimeout().toMillis());
        System.clearProperty(PluginStarter.TIMEOUT_PROPERTY);
        assertEquals(PluginStarter.DEFAULT_TIMEOUT, PluginStarter.configuredTimeout());
    }
}
