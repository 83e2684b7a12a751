package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.launcher.internal.bundle.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit plugins install/check/remove/index} (issue #19): install checks resolution and id
 * clashes before anything lands in the plugin folder, records the SHA-256 in the lock file, reads
 * a repository index and refuses a mismatching checksum; remove deletes the jar and its entry.
 */
class PluginInstallTest {
    private static final String GOOD = "io.qvit.launcher.testplugins.good";

    @TempDir
    Path home;
    private Path build;
    private Path plugins;

    @BeforeEach
    void setUp() throws Exception {
        build = Files.createDirectories(home.resolve("build"));
        plugins = home.resolve("plugins");
        Path shipped = Files.createDirectories(home.resolve("shipped"));
        try (Stream<Path> s = Files.list(Path.of("target/shipped-plugins"))) {
            Path uniform = s.filter(p -> p.getFileName().toString().startsWith("qvit-plugin-uniform")).findFirst().orElseThrow();
            Files.copy(uniform, shipped.resolve(uniform.getFileName()));
        }
    }

    private JsonNode lock() throws Exception {
        return new ObjectMapper().readTree(plugins.resolve("plugins.lock.json").toFile());
    }

    @Test
    void installListRemoveWithTheLockFile() throws Exception {
        Path jar = TestBundles.build("test.echo", "1.0.0", GOOD, null, build.resolve("echo.jar"));
        CliRun check = CliRun.run(home, "plugins", "check", jar.toString());
        assertEquals(2, check.code(), "the echo quantizer has no valid parameters: " + check.out());
        assertTrue(check.err().contains("Quantizer 'test-echo' fails the conformance kit"), check.err());

        CliRun r = CliRun.run(home, "plugins", "install", jar.toString());
        assertEquals(0, r.code(), r.err());
        Path installed = plugins.resolve("test.echo-1.0.0.jar");
        assertTrue(Files.exists(installed));
        JsonNode entry = lock().path("plugins").get(0);
        assertEquals(PluginJar.sha256(jar), entry.path("sha256").asText());
        assertEquals("test.echo", entry.path("bundle").asText());

        CliRun list = CliRun.run(home, "plugins");
        assertTrue(list.out().lines().anyMatch(l -> l.contains("test-echo") && l.contains("ACTIVE")), list.out());

        CliRun shipped = CliRun.run(home, "plugins", "remove", "uniform");
        assertEquals(2, shipped.code());
        assertTrue(shipped.err().contains("shipped with qvit"), shipped.err());

        CliRun removed = CliRun.run(home, "plugins", "remove", "test-echo");
        assertEquals(0, removed.code(), removed.err());
        assertFalse(Files.exists(installed));
        assertEquals(0, lock().path("plugins").size());
    }

    @Test
    void checkRunsTheConformanceKitOnTheJarsQuantizers() throws Exception {
        Path jar = TestBundles.build("test.minmax", "1.0.0", "io.qvit.launcher.testplugins.conforming", null,
                build.resolve("minmax.jar"));
        CliRun check = CliRun.run(home, "plugins", "check", jar.toString());
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().matches("(?s).*Quantizer:test-minmax: [1-9]\\d* conformance checks passed\\n.*"), check.out());
    }

    @Test
    void aClashingIdOrAnUnresolvableBundleIsRefusedBeforeInstalling() throws Exception {
        Path impostor = TestBundles.build("test.impostor", "9.0.0", "io.qvit.launcher.testplugins.impostor", null,
                build.resolve("impostor.jar"));
        CliRun r = CliRun.run(home, "plugins", "install", impostor.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Quantizer id 'uniform' is already provided by qvit-plugin-uniform"), r.err());
        CliRun check = CliRun.run(home, "plugins", "check", impostor.toString());
        assertEquals(2, check.code());

        Path future = TestBundles.build("test.future", "1.0.0", GOOD, "io.qvit.api.quant;version=\"[9.0,10)\",*",
                build.resolve("future.jar"));
        CliRun f = CliRun.run(home, "plugins", "install", future.toString());
        assertEquals(2, f.code());
        assertTrue(f.err().contains("does not resolve: needs package io.qvit.api.quant [9.0.0,10.0.0)")
                && f.err().contains("1.3.0"), f.err());
        try (Stream<Path> s = Files.exists(plugins) ? Files.list(plugins) : Stream.empty()) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".jar")), "nothing installed");
        }
    }

    @Test
    void installFromAnIndexVerifiesTheChecksum() throws Exception {
        Path repo = Files.createDirectories(home.resolve("repo"));
        TestBundles.build("test.echo", "1.0.0", GOOD, null, repo.resolve("test.echo-1.0.0.jar"));
        Path index = repo.resolve("index.json");
        CliRun idx = CliRun.run(home, "plugins", "index", repo.resolve("test.echo-1.0.0.jar").toString(), "--out", index.toString());
        assertEquals(0, idx.code(), idx.err());
        JsonNode e = new ObjectMapper().readTree(index.toFile()).path("plugins").get(0);
        assertEquals("[1.3,2)", e.path("api").path("io.qvit.api.quant").asText(), e.toString());
        assertEquals("test.echo-1.0.0.jar", e.path("url").asText());

        String good = Files.readString(index);
        Files.writeString(index, good.replace(e.path("sha256").asText(), "0".repeat(64)));
        CliRun bad = CliRun.run(home, "plugins", "install", "test-echo", "--index", index.toUri().toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("SHA-256 mismatch"), bad.err());
        assertFalse(Files.exists(plugins.resolve("test.echo-1.0.0.jar")));

        Files.writeString(index, good);
        CliRun ok = CliRun.run(home, "plugins", "install", "test-echo", "--index", index.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.exists(plugins.resolve("test.echo-1.0.0.jar")));
    }
}
