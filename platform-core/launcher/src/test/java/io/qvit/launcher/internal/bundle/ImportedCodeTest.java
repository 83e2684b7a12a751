package io.qvit.launcher.internal.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImportedCode#combine}: no providers keeps the plugin's own hash; any provider change changes it. */
class ImportedCodeTest {

    @Test
    void noProvidersKeepTheOwnFingerprint() {
        assertEquals("abc", ImportedCode.combine("abc", Map.of()));
    }

    @Test
    void aChangedProviderGivesANewFingerprintIndependentOfMapOrder() {
        String a = ImportedCode.combine("own", Map.of("io.qvit.toolkit", "t1", "other", "o"));
        assertEquals(64, a.length());
        assertEquals(a, ImportedCode.combine("own", new java.util.LinkedHashMap<>(Map.of("other", "o", "io.qvit.toolkit", "t1"))));
        assertNotEquals(a, ImportedCode.combine("own", Map.of("io.qvit.toolkit", "t2", "other", "o")));
        assertNotEquals(a, ImportedCode.combine("own2", Map.of("io.qvit.toolkit", "t1", "other", "o")));
    }
}
