package io.qvit.launcher.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DeployColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsDeployedTop1AgreementsAndTheUlpControl() throws Exception {
        String row = DeployColumns.of(JSON.readTree("""
                {"fp32": {"top1": 0.795, "top1_agreement_with_fp32": 1.0},
                 "quantized": {"top1": 0.799, "top1_agreement_with_quantized": 0.985},
                 "quantized_ulp_control": {"top1": 0.8, "top1_agreement_with_quantized": 0.983}}"""));
        assertEquals("  | deployed fp32 79.50% (agree 100.00%), quant 79.90% (agree with fake-quant 98.50%);"
                + " fake-quant one ulp apart agrees 98.30%", row);
    }

    @Test
    void aFloat32DeploymentHasNoQuantizedColumns() throws Exception {
        assertEquals("  | deployed fp32 79.50% (agree -)", DeployColumns.of(JSON.readTree("{\"fp32\": {\"top1\": 0.795}}")));
    }
}
