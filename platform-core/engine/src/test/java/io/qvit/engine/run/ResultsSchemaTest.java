package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The results schema itself: a minimal document passes, and it refuses what it must refuse. */
class ResultsSchemaTest {
    private static final String SHA = "0".repeat(64);
    private static final String DOC = """
            {"experiment": "x", "config_hash": "%s", "status": "finished",
             "model": {"architecture": "vit", "checkpoint": "m.safetensors", "sha256": "%s", "loader": "timm 1"},
             "sets": {"a": {"images": 2, "data_sha256": "%s", "skipped": [],
                            "fp32": {"top1": 0.5, "top5": 1.0, "logits_sha256": "%s"}, "quantized": null}},
             "timings": {"total": 1.5}}
            """.formatted(SHA, SHA, SHA, SHA);

    private static ObjectNode doc() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(DOC);
    }

    @Test
    void aFloat32OnlyDocumentConforms() throws Exception {
        ResultsSchema.assertValid(doc());
    }

    @Test
    void anAccuracyAboveOneAnUnknownKeyAndAMissingChecksumAreRefused() throws Exception {
        ObjectNode high = doc();
        ((ObjectNode) high.at("/sets/a/fp32")).put("top1", 1.5);
        assertThrows(AssertionError.class, () -> ResultsSchema.assertValid(high));
        ObjectNode unknown = doc();
        unknown.put("accuracy", 0.5);
        assertThrows(AssertionError.class, () -> ResultsSchema.assertValid(unknown));
        ObjectNode noChecksum = doc();
        ((ObjectNode) noChecksum.at("/sets/a")).remove("data_sha256");
        assertThrows(AssertionError.class, () -> ResultsSchema.assertValid(noChecksum));
    }
}
