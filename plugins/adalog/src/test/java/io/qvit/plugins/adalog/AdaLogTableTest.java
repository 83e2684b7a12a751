package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The AdaLog code book against its definition (reference {@code quantizers/logarithm.py},
 * {@code AdaLogQuantizer.update_table} and {@code forward}): the hardware dequantization (shift plus
 * 37-entry table) equals the direct {@code 2^(−qk/r)} up to the table's rounding, codes come from
 * {@code round(−log2(x/s)·r/q)}, and codes at or beyond {@code 2^b} give zero.
 */
class AdaLogTableTest {

    @Test
    void hardwareDequantizationEqualsTheDirectFormUpToTheTableRounding() {
        for (int bits = 2; bits <= 8; bits++) {
            double half = 0.5 / ((1 << (bits + 1)) - 2);
            for (int q = 10; q < 138; q++) {
                AdaLogTable t = new AdaLogTable(bits, q);
                for (int k = 0; k < (1 << bits); k++) {
                    double bound = Math.scalb(half, -t.shift(k)) + 1e-15;
                    assertEquals(t.direct(k), t.level(k), bound, "bits " + bits + ", q " + q + ", code " + k);
                }
                assertEquals(0, t.level(1 << bits));
            }
        }
    }

    @Test
    void qEqualToRIsTheBase2LogarithmWithAnExactTable() {
        AdaLogTable t = new AdaLogTable(4, AdaLogTable.R);
        for (int k = 0; k < 16; k++) {
            assertEquals(Math.scalb(1.0, -k), t.level(k), 0.0);
        }
    }

    @Test
    void codesFollowTheLogarithmAndLargeCodesAreZero() {
        AdaLogTable t = new AdaLogTable(3, 20);
        assertEquals(0, t.code(1.0, 1.0));
        assertEquals(0, t.code(5.0, 1.0), "values above the scale clamp to code 0");
        // −log2(2^(−20·3/37))·37/20 = 3
        assertEquals(3, t.code(Math.pow(2, -60.0 / 37), 1.0));
        assertEquals(8, t.code(1e-9, 1.0), "beyond 2^b − 1: the zero code");
        assertEquals(8, t.code(0.0, 1.0));
        assertEquals(8, t.code(-1.0, 1.0));
    }

    @Test
    void thresholdCodesOfTheQuantizerEqualTheLogarithmCodes() {
        Random r = new Random(3);
        for (int bits : new int[] {3, 4, 6}) {
            QuantSite site = new QuantSite("blocks.0", SiteRole.ATTN_PROBS);
            QuantizerConfig config = new QuantizerConfig(bits, Granularity.PER_TENSOR, false, "fpcs", 0,
                    Map.of("scale", 1.0, "eq_n", 16, "steps", 2, "fpcs_width", 8));
            AdaLogTensorQuantizer q = (AdaLogTensorQuantizer) new AdaLogQuantizer().create(site, config);
            float[] x = new float[4000];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.exp(-12 * r.nextDouble());
            }
            q.observe(Tensor.of(x, 1, 1, 40, 100));
            q.fit();
            int base = ((Number) q.params().extra().get("q")).intValue();
            AdaLogTable t = new AdaLogTable(bits, base);
            float[] y = q.quantize(Tensor.of(x, 1, 1, 40, 100)).data();
            int differ = 0;
            for (int i = 0; i < x.length; i++) {
                int k = t.code(x[i], 1.0);
                float expected = (float) t.level(k);
                if (expected != y[i]) {
                    differ++;
                }
            }
            assertEquals(0, differ, bits + " bits: values whose threshold code differs from the log code");
            assertTrue(base >= 10 && base < 10 + 16, "q in [10, 10 + eq_n): " + base);
        }
    }
}
