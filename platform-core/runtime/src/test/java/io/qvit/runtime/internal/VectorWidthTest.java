package io.qvit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The width cap: a system property may lower the width, never raise it past the machine's or 512 bits. */
class VectorWidthTest {

    @Test
    void capLowersTheWidthOnly() {
        assertEquals(512, VectorWidth.choose(null, 512));
        assertEquals(256, VectorWidth.choose("256", 512));
        assertEquals(128, VectorWidth.choose(" 128 ", 256));
        assertEquals(256, VectorWidth.choose("512", 256));
        assertEquals(512, VectorWidth.choose(null, 1024));
        assertEquals(128, VectorWidth.choose("", 128));
    }

    @Test
    void badCapNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.choose("300", 512));
        assertTrue(e.getMessage().contains(VectorWidth.PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.choose("wide", 512));
    }

    @Test
    void speciesFollowTheChosenWidth() {
        assertEquals(VectorWidth.BITS, VectorWidth.FLOATS.vectorBitSize());
        assertEquals(VectorWidth.BITS, VectorWidth.INTS.vectorBitSize());
        assertEquals(0, FixedOrderSum.WIDTH % VectorWidth.FLOATS.length());
    }
}
