package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qvit.api.quant.Quantizer;
import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real platform (Felix, SCR, FileInstall) and drops plugin bundles built during the
 * test into its plugin folder: install, update to a newer version, removal, a plugin whose
 * activation throws, and a bundle that needs an API version the platform does not export.
 */
class PluginLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String GOOD = "io.qvit.launcher.testplugins.good";

    @TempDir
    Path home;
    private Path plugins;
    private Platform platform;

    @BeforeEach
    void start() {
        plugins = home.resolve("plugins");
        platform = Platform.start(PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"), plugins), false, Duration.ofSeconds(5));
        System.out.printf("platform start to ready: %.3f s%n", platform.startSeconds());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private PluginRecord await(String what, Predicate<PluginRecord> p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PluginRecord> r = platform.registry().list().stream().filter(p).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what + "; registry: " + platform.registry().list());
        return null;
    }

    private void awaitGone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (platform.registry().list().stream().noneMatch(r -> r.id().equals(id))) {
                return;
            }
            Thread.sleep(100);
        }
        fail(id + " still registered: " + platform.registry().list());
    }

    @Test
    void dropUpdateAndDeleteAPlugin() throws Exception {
        Path jar = plugins.resolve("echo.jar");
        TestBundles.build("test.echo", "1.0.0", GOOD, null, jar);
        PluginRecord r = await("echo 1.0.0", x -> x.id().equals("test-echo") && x.version().equals("1.0.0")
                && x.state() == PluginState.ACTIVE); // an installed bundle is listed (UNRESOLVED) before it starts
        assertEquals(PluginState.ACTIVE, r.state());
        assertEquals("Quantizer", r.kind());
        assertEquals("qvit integration test", r.citation());
        assertTrue(platform.registry().find(Quantizer.class, "test-echo").isPresent());

        TestBundles.build("test.echo", "1.1.0.updated", GOOD, null, jar);
        // FileInstall notices a change by file size and modification time: make both differ.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        await("echo 1.1.0", x -> x.id().equals("test-echo") && x.version().equals("1.1.0.updated")
                && x.state() == PluginState.ACTIVE);
        assertEquals("1.1.0.updated", platform.registry().version(Quantizer.class, "test-echo"));

        Files.delete(jar);
        awaitGone("test-echo");
        assertTrue(platform.registry().find(Quantizer.class, "test-echo").isEmpty());
        assertTrue(platform.registry().ids(Quantizer.class).isEmpty());
    }

    @Test
    void aPluginWhoseActivationThrowsIsReportedAndThePlatformKeepsWorking() throws Exception {
        TestBundles.build("test.throwing", "1.0.0", "io.qvit.launcher.testplugins.failing", null,
                plugins.resolve("throwing.jar"));
        PluginRecord failed = await("throwing plugin failure", x -> x.id().equals("test-throwing")
                && x.state() == PluginState.FAILED);
        assertTrue(failed.error().contains("boom: this plugin cannot initialise"), failed.error());
        assertTrue(platform.registry().ids(Quantizer.class).isEmpty());

        TestBundles.build("test.echo", "1.0.0", GOOD, null, plugins.resolve("echo.jar"));
        await("echo next to the failing plugin", x -> x.id().equals("test-echo") && x.state() == PluginState.ACTIVE);
        assertEquals(List.of("test-echo"), List.copyOf(platform.registry().ids(Quantizer.class)));
    }

    @Test
    void aBundleThatNeedsAnotherApiVersionIsRefusedWithBothVersions() throws Exception {
        TestBundles.build("test.future", "1.0.0", GOOD, "io.qvit.api.quant;version=\"[2.0,3)\",*",
                plugins.resolve("future.jar"));
        PluginRecord r = await("unresolved bundle", x -> "test.future".equals(x.bundle()));
        assertEquals(PluginState.UNRESOLVED, r.state());
        assertTrue(r.error().contains("io.qvit.api.quant"), r.error());
        assertTrue(r.error().contains("[2.0.0,3.0.0)"), r.error());
        assertTrue(r.error().contains("1.3.0"), r.error()); // the exported io.qvit.api.quant version
    }

    @Test
    void theCommandLineListsPlugins() throws Exception {
        TestBundles.build("test.echo", "1.0.0", GOOD, null, plugins.resolve("echo.jar"));
        platform.close();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"), plugins), new String[] {"plugins"},
                new PrintWriter(out), new PrintWriter(err));
        platform = Platform.start(PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"), plugins), false, Duration.ofSeconds(1));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("test-echo"), out.toString());
        assertTrue(out.toString().contains("1.0.0"), out.toString());
        assertTrue(out.toString().contains("ACTIVE"), out.toString());
    }
}
