package io.qvit.conformance.quantizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.tensor.Tensor;

/** The kit's value assertions: finite parameters and outputs, bit-identical tensors. */
final class ConformanceAssertions {

    private ConformanceAssertions() {
    }

    /** Every scale is finite and positive, every zero point finite. */
    static void assertFiniteParams(ConformanceCase c, QuantParams p) {
        float[] s = p.scale().data();
        float[] z = p.zeroPoint().data();
        for (int i = 0; i < s.length; i++) {
            if (!(Float.isFinite(s[i]) && s[i] > 0)) {
                fail(c + ": scale[" + i + "] = " + s[i] + " is not finite and positive");
            }
            if (!Float.isFinite(z[i])) {
                fail(c + ": zeroPoint[" + i + "] = " + z[i] + " is not finite");
            }
        }
    }

    /** Every value of {@code t} is finite; {@code what} names the input in the failure. */
    static void assertFinite(ConformanceCase c, Tensor t, String what) {
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                fail(c + ": " + what + ": output[" + i + "] = " + v[i]);
            }
        }
    }

    /** Asserts equal shapes and bit-identical values, reporting the first difference. */
    static void assertBitIdentical(Tensor expected, Tensor actual, String message) {
        assertArrayEquals(expected.shape(), actual.shape(), message + ": shape");
        float[] e = expected.data();
        float[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                fail(message + ": value " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }
}
