package io.qvit.launcher.internal.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.recipe.RecipeExpander;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvit validate --expand} shows what {@code quantization.scope: full} enables, as ordinary rules. */
class ExpandedScopeTest {
    private static final PluginCatalog NONE = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>();
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;

    private String expanded(String quantization) throws Exception {
        Path f = dir.resolve("e.yaml");
        Files.writeString(f, "name: e\nmodel: {weights: /nope.safetensors}\nquantization:\n" + quantization);
        ExperimentFile file = new ExperimentReader(new ExperimentSchema(), k -> null).read(f);
        return ValidateCommand.expanded(file, new RecipeExpander(NONE).expand(file));
    }

    @Test
    void fullScopeShowsEveryFloatRoleEnabledAndTheFilesWidths() throws Exception {
        String yaml = expanded("  scope: full\n  activations: {bits: 8}\n  sites:\n    residual: {bits: 16}\n");
        for (String role : new String[] {"norm.input", "softmax.input", "gelu.input"}) {
            assertTrue(yaml.contains("    " + role + ":\n      enabled: true\n"), role + " in\n" + yaml);
        }
        assertTrue(yaml.contains("    residual:\n      bits: 16\n      enabled: true\n"), yaml);
    }

    @Test
    void theStandardScopeAddsNoRule() throws Exception {
        String yaml = expanded("  activations: {bits: 8}\n");
        assertTrue(!yaml.contains("norm.input") && !yaml.contains("enabled"), yaml);
    }
}
