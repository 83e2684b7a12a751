package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The toolkit bundle is a core bundle: the platform installs and starts {@code io.qvit.toolkit}
 * from the core bundle folder, and the shipped method plugins that import its packages
 * (uniform, repq, adalog, ivit) resolve against it and are ACTIVE.
 */
class ToolkitBundleTest {
    @TempDir
    Path home;

    @Test
    void theToolkitIsACoreBundleAndThePluginsThatImportItAreActive() {
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        try (Platform platform = Platform.start(layout, false, Duration.ofSeconds(10))) {
            Bundle toolkit = Arrays.stream(platform.host().framework().getBundleContext().getBundles())
                    .filter(b -> "io.qvit.toolkit".equals(b.getSymbolicName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no io.qvit.toolkit bundle in target/bundles"));
            assertEquals(Bundle.ACTIVE, toolkit.getState());
            assertTrue(toolkit.getLocation().contains("target/bundles"), toolkit.getLocation());
            Map<String, PluginState> states = platform.registry().list().stream()
                    .collect(Collectors.toMap(PluginRecord::id, PluginRecord::state, (a, b) -> a));
            for (String id : List.of("uniform", "log-sqrt2", "repq.layernorm", "adalog", "adalog.uniform", "ivit")) {
                assertEquals(PluginState.ACTIVE, states.get(id), id + ": " + platform.registry().list());
            }
        }
    }
}
