package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.PlatformLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped quantizer option is refused by the quantizer's own validation before any work: one
 * {@code FILE:LINE:COL: key: ...} line, exit 2, from {@code qvit validate} and from the start of
 * {@code qvit run}. The checkpoint is not a checkpoint at all, so the error cannot have come from
 * loading the model (the check runs on the recipe alone).
 */
class OptionTypoTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void anUnknownAdaLogOptionIsAFileLineColumnError(String command) throws Exception {
        Files.writeString(home.resolve("model.safetensors"), "not really a checkpoint");
        Files.createDirectories(home.resolve("images"));
        Path file = home.resolve("typo.yaml");
        Files.writeString(file, """
                name: typo
                model: {weights: model.safetensors}
                data:
                  calibration: {images: images}
                quantization:
                  method: adalog
                  weights: {bits: 4}
                  activations: {bits: 4}
                  sites:
                    attn.probs: {options: {eq_nn: 64}}
                """);
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(layout, new String[] {command, file.toString()}, new PrintWriter(out), new PrintWriter(err));
        System.out.printf("qvit %s refused the typo in %.2f s%n", command, (System.nanoTime() - t0) / 1e9);
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, code, "exit code; stderr: " + err);
        assertEquals(1, lines.size(), "one error line: " + lines);
        assertTrue(lines.get(0).startsWith(file + ":10:"), lines.get(0));
        assertTrue(lines.get(0).contains("quantization.sites.attn.probs.options") && lines.get(0).contains("eq_nn"),
                lines.get(0));
    }
}
