package io.qvit.conformance.quantizer;

import static io.qvit.conformance.quantizer.ConformanceAssertions.assertBitIdentical;
import static io.qvit.conformance.quantizer.ConformanceData.calibration;
import static io.qvit.conformance.quantizer.ConformanceData.scaled;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The checks on a quantizer's grid: values on the grid come back bit for bit
 * ({@code roundTrip}), and a group takes no more distinct values than the grid has ({@code levels}).
 * The kit's overridable hooks ({@code grid}, {@code distinctValues}) are read from {@code kit}.
 */
final class GridChecks {

    private GridChecks() {
    }

    /** Values on the grid are reproduced bit for bit. */
    static void roundTrip(QuantizerConformanceTest kit, ConformanceCase c) {
        TensorQuantizer q = kit.fitted(c, calibration(c, c.shape(), 1));
        QuantParams p = q.params();
        int groups = c.groups().groups();
        float[][] grids = new float[groups][];
        int longest = 0;
        for (int g = 0; g < groups; g++) {
            grids[g] = kit.grid(p, g);
            Assumptions.assumeTrue(grids[g] != null, "grid() gives no grid for this quantizer");
            longest = Math.max(longest, grids[g].length);
        }
        int[] shape = gridShape(c, groups, longest);
        QuantizationGroups layout = c.groupsOf(shape);
        float[] data = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < layout.perGroup(); j++) {
                data[layout.index(g, j)] = grids[g][j % grids[g].length];
            }
        }
        Tensor onGrid = Tensor.of(data, shape);
        assertBitIdentical(onGrid.copy(), q.quantize(onGrid), c + ": grid values");
    }

    /** A shape with {@code groups} groups of {@code perGroup} values each at the case's site. */
    private static int[] gridShape(ConformanceCase c, int groups, int perGroup) {
        QuantizerConfig config = c.config();
        return switch (config.granularity()) {
            case PER_HEAD -> new int[] {1, config.heads(), perGroup, 1};
            case PER_CHANNEL -> c.site().role().isWeight() ? new int[] {groups, perGroup} : new int[] {1, perGroup, groups};
            case PER_TENSOR -> c.site().role().isWeight() ? new int[] {1, perGroup} : new int[] {1, 1, perGroup};
        };
    }

    /** At most {@code kit.distinctValues} (2^bits by default) distinct values per group. */
    static void levels(QuantizerConformanceTest kit, ConformanceCase c) {
        TensorQuantizer q = kit.fitted(c, calibration(c, c.shape(), 4));
        int[] shape = c.shape();
        shape[0] *= 40;
        if (c.site().role().isWeight() && c.config().granularity() != Granularity.PER_TENSOR) {
            shape = new int[] {c.shape()[0], c.shape()[1] * 40};
        }
        Tensor x = scaled(calibration(c, shape, 5), 3f);
        Tensor y = q.quantize(x);
        QuantizationGroups layout = c.groupsOf(shape);
        List<Set<Integer>> distinct = new ArrayList<>();
        for (int g = 0; g < layout.groups(); g++) {
            distinct.add(new HashSet<>());
        }
        float[] v = y.data();
        for (int i = 0; i < v.length; i++) {
            distinct.get(layout.groupOf(i)).add(Float.floatToIntBits(v[i]));
        }
        for (int g = 0; g < layout.groups(); g++) {
            assertTrue(distinct.get(g).size() <= kit.distinctValues(c.config()),
                    c + ": group " + g + " has " + distinct.get(g).size() + " distinct values");
        }
    }
}
