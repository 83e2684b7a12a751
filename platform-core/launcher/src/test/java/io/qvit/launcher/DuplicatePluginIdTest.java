package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Quantizer;
import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 2 of issue #19: a third-party bundle with {@code @QvitPlugin(id = "uniform")} and a
 * higher version silently replaced the shipped {@code uniform} quantizer. Two providers of one
 * kind and id are now an error in {@code qvit plugins} and in experiment checks, and neither is used.
 */
class DuplicatePluginIdTest {
    @TempDir
    Path home;

    @BeforeEach
    void installShippedUniformAndAnImpostor() throws Exception {
        Path shipped = Files.createDirectories(home.resolve("shipped"));
        try (Stream<Path> s = Files.list(Path.of("target/shipped-plugins"))) {
            Path uniform = s.filter(p -> p.getFileName().toString().startsWith("qvit-plugin-uniform")).findFirst().orElseThrow();
            Files.copy(uniform, shipped.resolve(uniform.getFileName()));
        }
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        TestBundles.build("test.impostor", "9.0.0", "io.qvit.launcher.testplugins.impostor", null, plugins.resolve("impostor.jar"));
    }

    @Test
    void bothProvidersAreConflictsAndNeitherIsUsed() {
        try (Platform p = Platform.start(CliRun.layout(home), false, Duration.ofSeconds(15))) {
            List<PluginRecord> uniform = p.registry().list().stream().filter(r -> r.id().equals("uniform")).toList();
            assertEquals(2, uniform.size(), uniform.toString());
            for (PluginRecord r : uniform) {
                assertEquals(PluginState.CONFLICT, r.state(), r.toString());
                assertTrue(r.error().contains("also provided by"), r.error());
            }
            assertTrue(p.registry().find(Quantizer.class, "uniform").isEmpty(), "the impostor must not be picked");
            assertTrue(p.registry().ids(Quantizer.class).isEmpty(), p.registry().ids(Quantizer.class).toString());
        }
    }

    @Test
    void pluginsCommandFailsAndNamesBothBundles() {
        CliRun r = CliRun.run(home, "plugins");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.out().contains("CONFLICT"), r.out());
        assertTrue(r.err().contains("test.impostor") && r.err().contains("qvit-plugin-uniform"), r.err());
    }

    @Test
    void anExperimentThatUsesTheClashingIdIsRefused() throws Exception {
        Files.writeString(home.resolve("model.safetensors"), "not read by validate");
        Path exp = Files.writeString(home.resolve("exp.yaml"),
                "name: clash\nmodel: {weights: model.safetensors}\nquantization:\n  weights: {quantizer: uniform, bits: 8}\n");
        for (String command : List.of("validate", "run")) {
            CliRun r = CliRun.run(home, command, exp.toString());
            assertEquals(2, r.code(), r.err());
            String line = r.err().lines().filter(l -> l.startsWith(exp.toString())).findFirst()
                    .orElseThrow(() -> new AssertionError(r.err()));
            assertTrue(line.contains("quantizer plugin 'uniform' is provided by 2 bundles"), line);
        }
    }
}
