package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.Quantizer;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.plugins.PluginOrigin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code provenance.json} names each plugin's bundle, version and jar SHA-256 (issue #19). */
class PluginBundlesTest {
    private static final PluginCatalog CATALOG = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>();
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            return Optional.empty();
        }

        @Override
        public Optional<PluginOrigin> origin(Class<?> kind, String id) {
            return kind == Quantizer.class && id.equals("pow2")
                    ? Optional.of(new PluginOrigin("org.example.pow2", "1.0.0", "ab".repeat(32), "file:/x/pow2.jar"))
                    : Optional.empty();
        }
    };

    @Test
    void recordsBundleVersionAndChecksumPerPluginAndUnknownOtherwise() {
        Map<String, Object> m = PluginBundles.of(CATALOG, List.of("Quantizer:pow2", "ModelLoader:timm", "odd"));
        assertEquals(Map.of("bundle", "org.example.pow2", "version", "1.0.0", "sha256", "ab".repeat(32)), m.get("Quantizer:pow2"));
        assertEquals(Map.of("bundle", "unknown", "version", "unknown", "sha256", "unknown"), m.get("ModelLoader:timm"));
        assertEquals(2, m.size());
    }
}
