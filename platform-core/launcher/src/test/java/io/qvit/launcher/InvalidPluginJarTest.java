package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 3 of issue #19: a corrupt jar in {@code plugins/} was invisible, and overwriting a
 * working plugin's jar with a half-copied file silently uninstalled it. Both must be listed as
 * {@code INVALID} with the reason.
 */
class InvalidPluginJarTest {
    @TempDir
    Path home;

    private static PluginRecord await(Platform p, Predicate<PluginRecord> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PluginRecord> r = p.registry().list().stream().filter(what).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(100);
        }
        fail("timed out; registry: " + p.registry().list());
        return null;
    }

    @Test
    void aTruncatedJarAndAJarWithoutBundleManifestAreListedAsInvalidWithTheReason() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path good = TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(plugins.resolve("truncated.jar"), Arrays.copyOf(bytes, bytes.length / 2));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(plugins.resolve("plain.jar")))) {
            z.putNextEntry(new ZipEntry("hello.txt"));
            z.write("not a bundle".getBytes());
        }
        CliRun r = CliRun.run(home, "plugins");
        assertEquals(0, r.code(), r.err());
        String truncatedRow = r.out().lines().filter(l -> l.contains("truncated.jar")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(truncatedRow.contains("INVALID") && truncatedRow.contains("truncated"), truncatedRow);
        String plainRow = r.out().lines().filter(l -> l.contains("plain.jar")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(plainRow.contains("INVALID") && plainRow.contains("not an OSGi bundle"), plainRow);
        assertTrue(r.out().contains("test-echo"), "the good plugin is still listed: " + r.out());
    }

    @Test
    void overwritingAWorkingPluginWithAHalfCopiedFileIsShownNotSilentlyUninstalled() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Platform p = Platform.start(CliRun.layout(home), false, Duration.ofSeconds(5))) {
            Path jar = TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
            await(p, x -> x.id().equals("test-echo") && x.state() == PluginState.ACTIVE);
            byte[] bytes = Files.readAllBytes(jar);
            Files.write(jar, Arrays.copyOf(bytes, bytes.length / 2));
            PluginRecord r = await(p, x -> x.id().equals("echo.jar"));
            assertEquals(PluginState.INVALID, r.state(), r.toString());
            assertTrue(r.error().contains("not a readable jar"), r.error());
        }
    }
}
