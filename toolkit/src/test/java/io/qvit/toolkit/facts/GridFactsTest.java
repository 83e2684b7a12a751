package io.qvit.toolkit.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link GridFacts}: what a writer records, a reader gets back; absent facts have their defaults. */
class GridFactsTest {

    @Test
    void roundTrip() {
        Map<String, Object> extra = new LinkedHashMap<>();
        GridFacts.putRange(extra, -8, 7);
        GridFacts.putConstantGroups(extra, List.of(3, 1));
        assertEquals(List.of("qmin", "qmax", "constant_groups"), List.copyOf(extra.keySet()));
        QuantParams p = params(4, extra);
        assertEquals(-8, GridFacts.qmin(p));
        assertEquals(7, GridFacts.qmax(p));
        assertEquals(Set.of(1, 3), GridFacts.constantGroups(p, "blocks.0.qkv.input"));
    }

    @Test
    void absentFactsDescribeAnUnsignedGridWithoutConstantGroups() {
        QuantParams p = params(4, Map.of());
        assertEquals(0, GridFacts.qmin(p));
        assertEquals(15, GridFacts.qmax(p));
        assertTrue(GridFacts.constantGroups(p, "s").isEmpty());
    }

    @Test
    void malformedConstantGroupsNameTheSite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GridFacts.constantGroups(params(4, Map.of("constant_groups", "x")), "blocks.1.fc1.input"));
        assertEquals("site blocks.1.fc1.input: quantizer parameter constant_groups is not a list: x", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GridFacts.constantGroups(params(4, Map.of("constant_groups", List.of("a"))), "s"));
        assertEquals("site s: constant_groups holds a non-number: a", e.getMessage());
    }

    private static QuantParams params(int bits, Map<String, Object> extra) {
        return new QuantParams(bits, Granularity.PER_TENSOR, Tensor.of(new float[] {1f}, 1),
                Tensor.of(new float[] {0f}, 1), extra);
    }
}
