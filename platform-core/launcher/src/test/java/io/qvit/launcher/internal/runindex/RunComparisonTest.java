package io.qvit.launcher.internal.runindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvit runs compare}'s text: the differing experiment keys, then per-set accuracies side by side with Δ. */
class RunComparisonTest {
    @TempDir
    Path root;

    @Test
    void printsDifferingKeysAndPerSetDeltas() throws Exception {
        Path a = SyntheticRuns.write(root, "deit.uniform-w4a4", SyntheticRuns.hash("aa"), "uniform", 4, 0, 0.795, 0.023);
        Path b = SyntheticRuns.write(root, "deit.repq-w4a4", SyntheticRuns.hash("bb"), "repq", 4, 0, 0.795, 0.634);
        String text = RunComparison.render(a, b);
        List<String> lines = text.lines().toList();
        assertTrue(text.contains("Experiments differ in 3 keys:"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+name\\s+deit\\.uniform-w4a4\\s+deit\\.repq-w4a4")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+plugins\\.MethodPreset:repq\\s+-\\s+1")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+quantization\\.sites\\.default\\.quantizer\\s+null\\s+uniform")),
                text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("sample\\s+fp32\\s+79\\.50%\\s+79\\.50%\\s+\\+0\\.00\\s+89\\.50%\\s+89\\.50%\\s+\\+0\\.00")),
                text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+quantized\\s+2\\.30%\\s+63\\.40%\\s+\\+61\\.10\\s+12\\.30%\\s+73\\.40%\\s+\\+61\\.10")),
                text);
        assertEquals(0, lines.stream().filter(l -> l.contains("runtime") || l.contains("seed")).count(), "equal keys are not listed");
        assertTrue(RunComparison.render(a, a).contains("Experiments: identical resolved experiments"));
    }
}
