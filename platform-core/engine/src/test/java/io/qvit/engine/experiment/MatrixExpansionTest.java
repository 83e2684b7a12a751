package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrix experiments: expansion, typed substitution, exclusions, cell lookup and errors that name the line. */
class MatrixExpansionTest {
    @TempDir
    Path dir;
    private ExperimentReader reader;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("data/images"));
        Files.writeString(dir.resolve("data/a.safetensors"), "x");
        Files.writeString(dir.resolve("data/b.safetensors"), "y");
        reader = new ExperimentReader(new ExperimentSchema(), Map.of("QVIT_DATA", dir.resolve("data").toString())::get);
    }

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String TABLE = """
            name: table
            matrix:
              model:
                - {name: deit-t, arch: deit_tiny_patch16_224, weights: "${QVIT_DATA}/a.safetensors"}
                - {name: vit-t, arch: vit_tiny_patch16_224, weights: "${QVIT_DATA}/b.safetensors"}
              method: [uniform, repq]
              bits: [4, 8]
            exclude:
              - {method: uniform, bits: 4}
            description: "${matrix.method} at W${matrix.bits}A${matrix.bits}"
            model: {arch: "${matrix.model.arch}", weights: "${matrix.model.weights}"}
            data:
              evaluation:
                - {name: all, images: "${QVIT_DATA}/images"}
            quantization: {method: "${matrix.method}", weights: {bits: "${matrix.bits}"}, activations: {bits: "${matrix.bits}"}}
            """;

    @Test
    void expandsTheProductMinusExclusionsLastAxisFastest() throws Exception {
        List<MatrixCell> cells = reader.cells(write(TABLE));
        assertEquals(List.of("deit-t_uniform_8", "deit-t_repq_4", "deit-t_repq_8", "vit-t_uniform_8", "vit-t_repq_4",
                "vit-t_repq_8"), cells.stream().map(MatrixCell::id).toList());
        MatrixCell c = cells.get(1);
        assertEquals(Map.of("model", "deit-t", "method", "repq", "bits", "4"), c.labels());
        ExperimentSpec spec = c.file().spec();
        assertEquals("table.deit-t_repq_4", spec.name());
        assertEquals("repq at W4A4", spec.description());
        assertEquals("deit_tiny_patch16_224", spec.model().arch());
        assertEquals(dir.resolve("data/a.safetensors").toString(), spec.model().weights());
        assertEquals(4, spec.quantization().weights().bits(), "a whole-string reference keeps the number's type");
        assertEquals("repq", spec.quantization().method());
        assertTrue(c.file().tree().root().path("matrix").isMissingNode());
    }

    @Test
    void aNullValueRemovesTheKey() throws Exception {
        List<MatrixCell> cells = reader.cells(write(TABLE.replace("method: [uniform, repq]",
                "method: [{name: uniform, preset: null}, {name: repq, preset: repq}]").replace("${matrix.method} at",
                "${matrix.method.name} at").replace("{method: \"${matrix.method}\"", "{method: \"${matrix.method.preset}\"")));
        assertNull(cells.get(0).file().spec().quantization().method(), "uniform: no method key");
        assertTrue(cells.get(0).file().tree().root().path("quantization").path("method").isMissingNode());
        assertEquals("repq", cells.get(1).file().spec().quantization().method());
        assertEquals("uniform at W8A8", cells.get(0).file().spec().description());
    }

    @Test
    void aCellIsReadAloneAndAnUnknownIdListsTheCells() throws Exception {
        Path f = write(TABLE);
        assertEquals("table.vit-t_repq_8", reader.cell(f, "vit-t_repq_8").spec().name());
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.cell(f, "vit-t_uniform_4"));
        assertTrue(e.getMessage().contains("no cell 'vit-t_uniform_4'") && e.getMessage().contains("deit-t_repq_4"),
                e.getMessage());
    }

    @Test
    void readingAMatrixAsOneExperimentSaysHowToRunIt() throws Exception {
        Path f = write(TABLE);
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains("matrix of 6 cells") && e.getMessage().contains("qvit sweep"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void aPlainFileIsOneCellWithoutId() throws Exception {
        List<MatrixCell> cells = reader.cells(write("""
                name: plain
                model: {arch: deit_tiny_patch16_224, weights: "${QVIT_DATA}/a.safetensors"}
                """));
        assertEquals(1, cells.size());
        assertNull(cells.get(0).id());
        assertEquals("plain", cells.get(0).file().spec().name());
    }

    @Test
    void aCellSchemaProblemIsReportedOnceAtTheTemplateLine() throws Exception {
        List<ExperimentException> problems = reader.problems(write(TABLE.replace("bits: [4, 8]", "bits: [4, 99]")
                .replace("- {method: uniform, bits: 4}", "- {method: uniform, bits: 99}")));
        assertEquals(2, problems.size(), "weights and activations, each once for the cells that have 99: " + problems);
        assertTrue(problems.get(0).getMessage().contains("quantization.weights.bits"), problems.get(0).getMessage());
        assertTrue(problems.get(1).getMessage().contains("quantization.activations.bits"), problems.get(1).getMessage());
        assertEquals(15, problems.get(0).line());
    }

    @Test
    void errorsNameTheKeyAndLine() throws Exception {
        assertProblem(TABLE.replace("${matrix.method} at", "${matrix.methods} at"), 10, "no axis 'methods'");
        assertProblem(TABLE.replace("{method: uniform, bits: 4}", "{method: uniform, bit: 4}"), 9, "unknown axis 'bit'");
        assertProblem(TABLE.replace("{method: uniform, bits: 4}", "{method: omse, bits: 4}"), 9,
                "'omse' is not a value of axis 'method'");
        assertProblem(TABLE.replace("method: [uniform, repq]", "method: []"), 6, "non-empty list");
        assertProblem(TABLE.replace("method: [uniform, repq]", "method: [repq, repq]"), 6, "duplicate value 'repq'");
        assertProblem(TABLE.replace("{name: vit-t, ", "{"), 5, "needs a 'name'");
        assertProblem(TABLE.replace("${matrix.method} at", "${matrix.model} at"), 10, "is a mapping");
        assertProblem(TABLE.replace("bits: [4, 8]", "bits: [4, 8]\nvariants: [{name: a}]"), 8, "cannot be combined");
        assertProblem(TABLE.replace("- {method: uniform, bits: 4}", "- {model: deit-t}\n  - {model: vit-t}"), 8,
                "excludes every cell");
    }

    @Test
    void aMatrixReferenceWithoutAMatrixIsAnError() throws Exception {
        assertProblem("""
                name: plain
                description: "${matrix.bits}"
                model: {arch: deit_tiny_patch16_224, weights: "${QVIT_DATA}/a.safetensors"}
                """, 2, "has no 'matrix'");
    }

    private void assertProblem(String yaml, int line, String text) throws IOException {
        List<ExperimentException> problems = reader.problems(write(yaml));
        assertTrue(!problems.isEmpty(), "expected a problem containing '" + text + "'");
        ExperimentException e = problems.get(0);
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertTrue(e.getMessage().contains("sweep.yaml"), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
    }
}
