package io.qvit.conformance.quantizer;

import static io.qvit.conformance.quantizer.ConformanceAssertions.assertBitIdentical;
import static io.qvit.conformance.quantizer.ConformanceAssertions.assertFinite;
import static io.qvit.conformance.quantizer.ConformanceAssertions.assertFiniteParams;
import static io.qvit.conformance.quantizer.ConformanceData.calibration;
import static io.qvit.conformance.quantizer.ConformanceData.channelsOf;
import static io.qvit.conformance.quantizer.ConformanceData.widened;
import static org.junit.jupiter.api.Assertions.fail;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;

/**
 * The checks on degenerate calibration data (constant channels, all zeros, a huge outlier): finite
 * parameters and outputs, and constants reproduced exactly where the kit's
 * {@code representsConstantsExactly} (read from {@code kit}) asks for it.
 */
final class DegenerateInputChecks {

    private DegenerateInputChecks() {
    }

    /** Constant channels (rows, heads): finite parameters and outputs, and exact where a group is constant. */
    static void constantChannels(QuantizerConformanceTest kit, ConformanceCase c) {
        Tensor calib = calibration(c, c.shape(), 12);
        float[] d = calib.data();
        QuantizationGroups channels = channelsOf(c, c.shape());
        boolean[] constant = new boolean[d.length];
        float[] constants = {0.37f, -1.25f, 0f};
        for (int k = 0; k < constants.length && k + 1 < channels.groups(); k++) {
            for (int j = 0; j < channels.perGroup(); j++) {
                int i = channels.index(k + 1, j);
                d[i] = constants[k];
                constant[i] = true;
            }
        }
        TensorQuantizer q = kit.fitted(c, calib);
        assertFiniteParams(c, q.params());
        Tensor y = q.quantize(calib);
        assertFinite(c, y, "constant channels");
        boolean wholeGroups = c.config().granularity() != Granularity.PER_TENSOR
                && kit.representsConstantsExactly(c.config());
        if (wholeGroups) {
            for (int i = 0; i < d.length; i++) {
                if (constant[i] && Float.floatToIntBits(y.data()[i]) != Float.floatToIntBits(d[i])) {
                    fail(c + ": constant value " + d[i] + " at index " + i + " came back as " + y.data()[i]);
                }
            }
        }
    }

    /** All-zero calibration: finite parameters; zeros stay zeros; other data stays finite. */
    static void allZero(QuantizerConformanceTest kit, ConformanceCase c) {
        Tensor zeros = Tensor.zeros(c.shape());
        TensorQuantizer q = kit.fitted(c, zeros);
        assertFiniteParams(c, q.params());
        Tensor y = q.quantize(zeros);
        assertFinite(c, y, "all-zero tensor");
        if (kit.representsConstantsExactly(c.config())) {
            assertBitIdentical(zeros, y, c + ": zeros");
        }
        assertFinite(c, q.quantize(widened(c, 13)), "data after all-zero calibration");
    }

    /** One huge outlier in calibration: finite parameters and outputs. */
    static void hugeOutlier(QuantizerConformanceTest kit, ConformanceCase c) {
        Tensor calib = calibration(c, c.shape(), 14);
        calib.data()[calib.size() / 3] = 1e30f;
        TensorQuantizer q = kit.fitted(c, calib);
        assertFiniteParams(c, q.params());
        assertFinite(c, q.quantize(calib), "calibration tensor with an outlier of 1e30");
        Tensor x = calibration(c, c.shape(), 15);
        x.data()[0] = -1e30f;
        assertFinite(c, q.quantize(x), "tensor with an outlier of -1e30");
    }
}
