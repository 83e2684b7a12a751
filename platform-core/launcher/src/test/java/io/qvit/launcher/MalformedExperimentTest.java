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
 * Malformed experiment files given to {@code qvit validate} and {@code qvit run}: each problem is
 * one clear error line naming the file (and the line and key where there is one) and exit code 2.
 */
class MalformedExperimentTest {
    @TempDir
    Path home;

    private static final String GOOD_HEAD = "name: broken\nmodel: {weights: model.safetensors}\n";

    private List<String> expectOneError(String command, String yaml, String... fragments) throws Exception {
        Files.writeString(home.resolve("model.safetensors"), "not really a checkpoint");
        Path file = home.resolve("exp.yaml");
        if (yaml != null) {
            Files.writeString(file, yaml);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"),
                home.resolve("plugins"));
        int code = Main.run(layout, new String[] {command, file.toString()}, new PrintWriter(out), new PrintWriter(err));
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, code, "exit code; stderr: " + err);
        assertEquals(1, lines.size(), "one error line expected: " + lines);
        assertTrue(lines.get(0).startsWith(file.toString()), lines.get(0));
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' not in: " + lines.get(0));
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void badYaml(String command) throws Exception {
        expectOneError(command, "name: x\nmodel: {weights: [unclosed\n", "malformed YAML");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void unknownKey(String command) throws Exception {
        expectOneError(command, GOOD_HEAD + "quantisation: {method: repq}\n", ":3:1: quantisation: unknown key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void unknownPluginId(String command) throws Exception {
        expectOneError(command, GOOD_HEAD + "quantization:\n  method: no-such-method\n",
                ":4:3: quantization.method: unknown method plugin id 'no-such-method'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void bitsOutOfRange(String command) throws Exception {
        expectOneError(command, GOOD_HEAD + "quantization:\n  weights: {bits: 17}\n",
                ":4:13: quantization.weights.bits: value 17 is out of range");
        expectOneError(command, GOOD_HEAD + "quantization:\n  activations: {bits: 1}\n",
                "quantization.activations.bits: value 1 is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void missingExperimentFile(String command) throws Exception {
        expectOneError(command, null, "no such file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "run"})
    void missingReferencedFile(String command) throws Exception {
        expectOneError(command, "name: x\nmodel: {weights: nowhere.safetensors}\n",
                ":2:9: model.weights: no such file", "nowhere.safetensors");
    }
}
