package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict header reader: value types, and the inputs it refuses with the offset of the problem. */
class HeaderJsonTest {

    @Test
    void readsObjectsArraysLongsDoublesInOrder() {
        Object v = HeaderJson.parse("{\"b\": [1, 2.5, \"x\", true, null], \"a\": {\"n\": -7}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(2.5, b.get(1));
        assertEquals(-7L, ((Map<?, ?>) m.get("a")).get("n"));
    }

    @Test
    void refusesDuplicateKeysTrailingTokensAndEmptyText() {
        assertTrue(refusal("{\"a\": 1, \"a\": 2}").contains("Duplicate field 'a'"));
        assertTrue(refusal("{\"a\": 1} {").startsWith("at character"));
        assertTrue(refusal("  ").startsWith("at character"));
        assertTrue(refusal("{\"a\": 1").startsWith("at character"));
    }

    @Test
    void limitsNesting() {
        assertEquals(1L, ((List<?>) unwrap(HeaderJson.parse("[".repeat(HeaderJson.MAX_DEPTH) + "1"
                + "]".repeat(HeaderJson.MAX_DEPTH)), HeaderJson.MAX_DEPTH - 1)).get(0));
        assertTrue(refusal("[".repeat(HeaderJson.MAX_DEPTH + 1)).contains("nested deeper than 64 levels"));
    }

    private static Object unwrap(Object v, int levels) {
        for (int i = 0; i < levels; i++) {
            v = ((List<?>) v).get(0);
        }
        return v;
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HeaderJson.parse(text)).getMessage();
    }
}
