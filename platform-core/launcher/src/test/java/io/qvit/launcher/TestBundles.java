package io.qvit.launcher;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import io.qvit.api.QvitPlugin;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Builds plugin bundles on the fly from test classes with bnd, as a plugin author's build would. */
final class TestBundles {
    private TestBundles() {
    }

    /**
     * Builds a bundle of {@code pkg} (a package of the test classes) and moves it atomically to
     * {@code target}.
     *
     * @param importOverride an Import-Package clause to force, or null for bnd's computed imports
     */
    static Path build(String symbolicName, String version, String pkg, String importOverride, Path target) throws Exception {
        return build(symbolicName, version, pkg, importOverride, null, target);
    }

    /** As {@link #build(String, String, String, String, Path)}, with {@code activator} as Bundle-Activator (or none if null). */
    static Path build(String symbolicName, String version, String pkg, String importOverride, String activator, Path target)
            throws Exception {
        try (Builder b = new Builder()) {
            if (activator != null) {
                b.setProperty("Bundle-Activator", activator);
            }
            b.setProperty("Bundle-SymbolicName", symbolicName);
            b.setProperty("Bundle-Version", version);
            b.setProperty("Private-Package", pkg);
            b.setProperty("-dsannotations", "*");
            b.setProperty("-noimportjava", "true");
            if (importOverride != null) {
                b.setProperty("Import-Package", importOverride);
            }
            b.addClasspath(new File("target/test-classes"));
            b.addClasspath(Path.of(QvitPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile());
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd errors: " + b.getErrors());
            }
            Path tmp = Files.createTempFile(target.getParent(), ".building-", ".tmp");
            jar.write(tmp.toFile());
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
