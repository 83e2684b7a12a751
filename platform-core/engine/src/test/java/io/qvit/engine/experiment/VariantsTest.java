package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-variant experiment files: each variant becomes an experiment named {@code <name>.<variant>}
 * with its own quantization (none for a float32 variant), errors inside a variant point at its
 * line, and {@code split} (IDX image sets) is validated by the schema.
 */
class VariantsTest {
    @TempDir
    Path dir;

    private ExperimentFile read(String yaml) throws Exception {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, yaml);
        Files.writeString(dir.resolve("m.safetensors"), "x");
        return new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
    }

    private static final String FILE = """
            name: qs
            model: {weights: m.safetensors}
            data:
              calibration: {images: idx, split: train, limit: 32}
              evaluation: [{name: test, images: idx, split: test}]
            variants:
              - {name: fp32}
              - name: repq-w4a4
                quantization: {method: repq, weights: {bits: 4}, activations: {bits: 4}}
            """;

    @Test
    void eachVariantIsAnExperimentOfItsOwn() throws Exception {
        ExperimentFile f = read(FILE);
        assertEquals(2, f.spec().variants().size());
        assertEquals("train", f.spec().data().calibration().split());
        ExperimentFile fp = f.variant(0);
        assertEquals("qs.fp32", fp.spec().name());
        assertNull(fp.spec().quantization());
        assertFalse(fp.tree().root().has("quantization"));
        assertFalse(fp.tree().root().has("variants"));
        ExperimentFile q = f.variant(1);
        assertEquals("qs.repq-w4a4", q.spec().name());
        assertEquals("repq", q.spec().quantization().method());
        assertEquals("qs.repq-w4a4", q.tree().root().path("name").asText());
        ExperimentException e = q.error("quantization.method", "unknown");
        assertEquals(9, e.line(), e.getMessage());
    }

    @Test
    void anUnknownSplitIsASchemaError() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> read(FILE.replace("split: test", "split: val")));
        assertTrue(e.getMessage().contains("split"), e.getMessage());
    }
}
