package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 4 of issue #19: an experiment naming a plugin that is installed but FAILED or UNRESOLVED
 * was told "unknown quantizer plugin id"; and a throwing {@code activate()} printed SCR's stack
 * trace (about 60 lines) before every command. Now the error names the state and the reason, and
 * the failure is one line unless {@code --verbose}.
 */
class UnusablePluginMessageTest {
    @TempDir
    Path home;
    private Path plugins;

    @BeforeEach
    void setUp() throws Exception {
        plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(home.resolve("model.safetensors"), "not read by validate");
    }

    private Path experiment(String quantizer) throws Exception {
        String q = quantizer == null ? "" : "quantization:\n  weights: {quantizer: " + quantizer + ", bits: 8}\n";
        return Files.writeString(home.resolve("exp.yaml"), "name: x\nmodel: {weights: model.safetensors}\n" + q);
    }

    @Test
    void aFailedPluginIsNamedWithItsReason() throws Exception {
        TestBundles.build("test.throwing", "1.0.0", "io.qvit.launcher.testplugins.failing", null, plugins.resolve("throwing.jar"));
        CliRun r = CliRun.run(home, "validate", experiment("test-throwing").toString());
        assertEquals(2, r.code(), r.err());
        String line = r.err().lines().filter(l -> l.startsWith(home.resolve("exp.yaml").toString())).findFirst()
                .orElseThrow(() -> new AssertionError(r.err()));
        assertTrue(line.contains("quantizer plugin 'test-throwing' is installed but FAILED: "), line);
        assertTrue(line.contains("boom: this plugin cannot initialise"), line);
    }

    @Test
    void anUnresolvedPluginIsNamedWithTheRangeItNeedsAndTheExportedVersion() throws Exception {
        TestBundles.build("test.future", "1.0.0", "io.qvit.launcher.testplugins.good", "io.qvit.api.quant;version=\"[9.0,10)\",*",
                plugins.resolve("future.jar"));
        CliRun r = CliRun.run(home, "validate", experiment("test-echo").toString());
        assertEquals(2, r.code(), r.err());
        String line = r.err().lines().filter(l -> l.startsWith(home.resolve("exp.yaml").toString())).findFirst()
                .orElseThrow(() -> new AssertionError(r.err()));
        assertTrue(line.contains("quantizer plugin 'test-echo' is installed but UNRESOLVED: "), line);
        assertTrue(line.contains("io.qvit.api.quant [9.0.0,10.0.0)") && line.contains("1.3.0"), line);
    }

    @Test
    void aThrowingActivateIsOneLineBeforeAnUnrelatedCommandAndATraceOnlyWithVerbose() throws Exception {
        TestBundles.build("test.throwing", "1.0.0", "io.qvit.launcher.testplugins.failing", null, plugins.resolve("throwing.jar"));
        Path unrelated = experiment(null);
        CliRun r = CliRun.run(home, "validate", unrelated.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.console().contains("at io.qvit.launcher.testplugins"), "stack trace on the console:\n" + r.console());
        assertFalse(r.console().contains("ThrowingQuantizer.activate"), r.console());
        long lines = (r.err() + r.console()).lines().filter(l -> l.contains("test-throwing") || l.contains("boom")).count();
        assertEquals(1, lines, "one line about the failing plugin expected:\n" + r.err() + r.console());

        CliRun verbose = CliRun.run(home, "validate", "--verbose", unrelated.toString());
        assertEquals(0, verbose.code(), verbose.err());
        assertTrue(verbose.console().contains("ThrowingQuantizer.activate"), "--verbose shows the trace:\n" + verbose.console());
    }
}
