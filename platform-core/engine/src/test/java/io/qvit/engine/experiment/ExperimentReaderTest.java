package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.SiteRule;
import io.qvit.engine.plugins.PluginCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReaderTest {
    @TempDir
    Path dir;
    private ExperimentReader reader;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("data/images"));
        Files.writeString(dir.resolve("data/model.safetensors"), "x");
        Files.writeString(dir.resolve("data/labels.txt"), "a.jpg 0\n");
        reader = new ExperimentReader(new ExperimentSchema(), Map.of("QVIT_DATA", dir.resolve("data").toString())::get);
    }

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String VALID = """
            name: deit-t-repq-w4a4
            seed: 0
            model: {arch: deit_tiny_patch16_224, weights: ${QVIT_DATA}/model.safetensors}
            data:
              calibration: {images: ${QVIT_DATA}/images, labels: ${QVIT_DATA}/labels.txt}
              evaluation:
                - {name: sample-1000, images: ${QVIT_DATA}/images, labels: ${QVIT_DATA}/labels.txt}
            quantization:
              method: repq
              weights: {bits: 4}
              activations: {bits: 4}
              sites:
                default: {quantizer: uniform, granularity: per-tensor}
                blocks.11.fc2.input: {bits: 8}
            """;

    @Test
    void readsTheMinimalShapeIntoATypedSpec() throws Exception {
        ExperimentFile f = reader.read(write(VALID));
        ExperimentSpec s = f.spec();
        assertEquals("deit-t-repq-w4a4", s.name());
        assertEquals("deit_tiny_patch16_224", s.model().arch());
        assertEquals(dir.resolve("data/model.safetensors").toString(), s.model().weights());
        assertEquals("sample-1000", s.data().evaluation().get(0).name());
        assertEquals(4, s.quantization().weights().bits());
        assertEquals(List.of("default", "blocks.11.fc2.input"), List.copyOf(s.quantization().sites().keySet()));
        SiteRule merged = s.quantization().sites().get("blocks.11.fc2.input").over(s.quantization().sites().get("default"));
        assertEquals(8, merged.bits());
        assertEquals("uniform", merged.quantizer());
        assertNull(s.runtime());
    }

    @Test
    void badYamlNamesTheLine() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class,
                () -> reader.read(write("name: x\nmodel: {weights: a\n  bad: [\n")));
        assertTrue(e.getMessage().startsWith(dir.resolve("exp.yaml") + ":"), e.getMessage());
        assertTrue(e.line() >= 2, "line " + e.line());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    }

    @Test
    void unknownKeyNamesKeyPathLineAndAllowedKeys() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(write(VALID.replace(
                "  weights: {bits: 4}", "  weights: {bits: 4, bitz: 3}"))));
        assertEquals("quantization.weights.bitz", e.keyPath());
        assertEquals(10, e.line());
        assertTrue(e.problem().contains("unknown key 'bitz'"), e.problem());
        assertTrue(e.problem().contains("bits"), e.problem());
    }

    @Test
    void bitsOutsideTwoToSixteenAreRejected() throws Exception {
        for (String bad : List.of("1", "17")) {
            ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(write(VALID.replace(
                    "activations: {bits: 4}", "activations: {bits: " + bad + "}"))));
            assertEquals("quantization.activations.bits", e.keyPath());
            assertEquals(11, e.line());
            assertTrue(e.problem().contains(bad), e.problem());
        }
    }

    @Test
    void duplicateKeysAreRejected() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class,
                () -> reader.read(write("name: a\nname: b\nmodel: {weights: w}\n")));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("duplicate"), e.problem());
    }

    @Test
    void missingExperimentFileIsOneClearError() {
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": no such file", e.getMessage());
    }

    @Test
    void unsetEnvironmentVariableNamesTheVariable() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(write(
                "name: a\nmodel: {weights: ${NOT_SET_ANYWHERE}/m.safetensors}\n")));
        assertEquals("model.weights", e.keyPath());
        assertTrue(e.problem().contains("NOT_SET_ANYWHERE"), e.problem());
    }

    @Test
    void defaultsAndEscapesInInterpolation() throws Exception {
        ExperimentFile f = reader.read(write("name: a\nmodel: {weights: '${NOPE:-/tmp/x}/$${LIT}'}\n"));
        assertEquals("/tmp/x/${LIT}", f.spec().model().weights());
    }

    @Test
    void checkerReportsUnknownPluginIdsAndMissingFiles() throws Exception {
        ExperimentFile f = reader.read(write(VALID.replace("labels: ${QVIT_DATA}/labels.txt}\n  evaluation",
                "labels: ${QVIT_DATA}/missing.txt}\n  evaluation")));
        PluginCatalog catalog = new PluginCatalog() {
            @Override
            public SortedSet<String> ids(Class<?> kind) {
                return kind == Quantizer.class ? new TreeSet<>(List.of("uniform")) : new TreeSet<>();
            }

            @Override
            public <T> Optional<T> find(Class<T> kind, String id) {
                return Optional.empty();
            }
        };
        List<ExperimentException> problems = new ExperimentChecker(catalog).check(f);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("data.calibration.labels", problems.get(0).keyPath());
        assertTrue(problems.get(0).problem().contains("missing.txt"));
        assertEquals("quantization.method", problems.get(1).keyPath());
        assertTrue(problems.get(1).problem().contains("unknown method plugin id 'repq' (installed: none)"),
                problems.get(1).problem());
    }
}
