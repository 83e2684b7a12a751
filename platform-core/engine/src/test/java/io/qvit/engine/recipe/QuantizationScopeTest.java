package io.qvit.engine.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.SiteRule;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizationPlanner;
import io.qvit.engine.quant.SitePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizationScopeTest {
    private static final ModelConfig VIT = new ModelConfig("vit_test", ArchitectureFamily.VIT, 32, 16, 3, 10, 12, 2, 3,
            4.0, true, 1e-6, "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(32));

    /** A preset that quantizes attn.probs at its own width and leaves gelu.input in float. */
    private static final MethodPreset PRESET = (w, a) -> new QuantizationRecipe(List.of(), Map.of(
            "attn.probs", new SiteRule("log2", a, null, null, null, null, Map.of()),
            "gelu.input", new SiteRule(null, null, null, null, null, false, Map.of())), null);

    private static final PluginCatalog CATALOG = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == MethodPreset.class ? List.of("p") : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            return kind == MethodPreset.class && id.equals("p") ? Optional.of(kind.cast(PRESET)) : Optional.empty();
        }
    };

    @TempDir
    Path dir;

    private Map<String, SitePlan> plan(String quantization) throws Exception {
        Path f = dir.resolve("e.yaml");
        Files.writeString(f, "name: e\nmodel: {weights: /nope.safetensors}\nquantization:\n" + quantization);
        ExperimentFile file = new ExperimentReader(new ExperimentSchema(), k -> null).read(f);
        QuantizationRecipe recipe = new RecipeExpander(CATALOG).expand(file);
        List<QuantSite> sites = new ArrayList<>();
        for (SiteRole r : List.of(SiteRole.NORM_INPUT, SiteRole.RESIDUAL, SiteRole.SOFTMAX_INPUT, SiteRole.GELU_INPUT,
                SiteRole.ATTN_PROBS, SiteRole.FC2_INPUT)) {
            sites.add(new QuantSite("blocks.0", r));
        }
        Map<String, SitePlan> byId = new LinkedHashMap<>();
        for (SitePlan p : QuantizationPlanner.plan(recipe, VIT, sites)) {
            byId.put(p.site().role().key(), p);
        }
        return byId;
    }

    @Test
    void theStandardScopeLeavesLayerNormSoftmaxGeluAndResidualInFloat() throws Exception {
        for (String q : List.of("  activations: {bits: 6}\n", "  scope: standard\n  activations: {bits: 6}\n")) {
            Map<String, SitePlan> p = plan(q);
            for (String role : QuantizationScope.FLOAT_ROLES) {
                assertFalse(p.get(role).enabled(), role);
            }
            assertEquals(6, p.get("fc2.input").config().bits());
        }
    }

    @Test
    void fullEnablesEveryRoleAtTheActivationWidthAndWidthsAreOrdinaryRules() throws Exception {
        Map<String, SitePlan> p = plan("  scope: full\n  activations: {bits: 6}\n  sites:\n    residual: {bits: 16}\n");
        for (String role : QuantizationScope.FLOAT_ROLES) {
            assertTrue(p.get(role).enabled(), role);
        }
        assertEquals(6, p.get("norm.input").config().bits());
        assertEquals(6, p.get("softmax.input").config().bits());
        assertEquals(16, p.get("residual").config().bits());
    }

    @Test
    void thePresetAndTheFileOverrideTheScope() throws Exception {
        Map<String, SitePlan> p = plan("  method: p\n  scope: full\n  activations: {bits: 8}\n  sites:\n"
                + "    norm.input: {enabled: false}\n");
        assertFalse(p.get("gelu.input").enabled(), "the preset's rule is applied over the scope's");
        assertFalse(p.get("norm.input").enabled(), "the file's rule is applied over the scope's");
        assertTrue(p.get("residual").enabled());
        assertEquals("log2", p.get("attn.probs").quantizer());
    }

    @Test
    void anUnknownScopeIsRefusedByTheSchemaNamingTheKey() {
        ExperimentException e = assertThrows(ExperimentException.class, () -> plan("  scope: everything\n"));
        assertTrue(e.getMessage().contains("quantization.scope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuantizationScope.rules("everything"));
    }
}
