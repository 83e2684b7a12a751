package io.qvit.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar rebuilt with a changed class but the same version gets a new fingerprint (and so a
 * new config hash and run folder); the same classes rebuilt at another time keep it.
 */
class CodeFingerprintTest {
    @TempDir
    Path dir;

    private Path jar(String name, String classBytes, long time, String lastModified) throws Exception {
        Path p = dir.resolve(name);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        m.getMainAttributes().putValue("Bnd-LastModified", lastModified);
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream jar = new JarOutputStream(out, m)) {
            JarEntry e = new JarEntry("my/Plugin.class");
            e.setTime(time);
            jar.putNextEntry(e);
            jar.write(classBytes.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.setLastModifiedTime(p, FileTime.fromMillis(time));
        return p;
    }

    @Test
    void aChangedClassChangesTheFingerprintABuildTimeDoesNot() throws Exception {
        String a = CodeFingerprint.of(jar("a.jar", "class v1", 1_000_000L, "1000"));
        String rebuilt = CodeFingerprint.of(jar("b.jar", "class v1", 2_000_000L, "2000"));
        String changed = CodeFingerprint.of(jar("c.jar", "class v2", 3_000_000L, "3000"));
        assertEquals(a, rebuilt, "same classes, other build time");
        assertNotEquals(a, changed, "a changed class with the same Bundle-Version");
    }

    @Test
    void aJarRewrittenInPlaceIsHashedAgain() throws Exception {
        String before = CodeFingerprint.of(jar("p.jar", "class v1", 1_000_000L, "1"));
        String after = CodeFingerprint.of(jar("p.jar", "class v2 longer", 5_000_000L, "2"));
        assertNotEquals(before, after);
    }
}
