package io.qvit.conformance.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Defect 5 of issue #19: with Maven 3.8's default surefire (2.12.4) the kit reported
 * "Tests run: 0" and BUILD SUCCESS. The plugin parent pins surefire 3 with {@code failIfNoTests},
 * and a runner that ignores JUnit 5 but runs public {@code test*} methods hits the kit's trap.
 */
class SilentRunGuardTest {
    private static final Path PLUGIN_PARENT = Path.of("../../sdk/plugin-parent/pom.xml");

    /** A public subclass as a POJO runner would instantiate it. */
    public static final class PublicSubclass extends KitSelfTest.Correct {
    }

    @Test
    void aPojoRunnerFailsWithTheReason() {
        AssertionError e = assertThrows(AssertionError.class, () -> new PublicSubclass().testRequiresTheJUnitPlatform());
        assertTrue(e.getMessage().contains("maven-surefire-plugin 3.x"), e.getMessage());
    }

    @Test
    void thePluginParentPinsSurefire3AndFailsWhenNoTestRan() throws Exception {
        String pom = Files.readString(PLUGIN_PARENT);
        Matcher v = Pattern.compile("<surefire.version>(\\d+)\\.").matcher(pom);
        assertTrue(v.find(), "surefire.version in " + PLUGIN_PARENT);
        assertTrue(Integer.parseInt(v.group(1)) >= 3, "surefire " + v.group(1) + " in " + PLUGIN_PARENT);
        assertTrue(pom.contains("<failIfNoTests>true</failIfNoTests>"), PLUGIN_PARENT + " must set failIfNoTests");
    }

    @Test
    void thePluginParentBuildsWithTheReactorsVersions() throws Exception {
        String pom = Files.readString(PLUGIN_PARENT);
        String root = Files.readString(Path.of("../../pom.xml"));
        for (String property : new String[] {"bnd.version", "junit.version", "qvit.sdk.version"}) {
            assertEquals(value(root, property), value(pom, property), property + ": " + PLUGIN_PARENT + " vs the root pom");
        }
    }

    private static String value(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)<").matcher(pom);
        return m.find() ? m.group(1) : null;
    }
}
