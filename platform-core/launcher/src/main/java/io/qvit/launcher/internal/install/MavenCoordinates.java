package io.qvit.launcher.internal.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The Maven group and artifact id a jar was built as, from its {@code META-INF/maven/.../pom.properties}. */
public final class MavenCoordinates {
    private MavenCoordinates() {
    }

    /** {@code {groupId, artifactId}} of the single pom.properties in {@code jar}, if there is exactly one. */
    public static Optional<String[]> of(Path jar) throws IOException {
        String[] found = null;
        try (JarFile j = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> e = j.entries();
            while (e.hasMoreElements()) {
                JarEntry x = e.nextElement();
                if (x.getName().startsWith("META-INF/maven/") && x.getName().endsWith("/pom.properties")) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    Properties p = new Properties();
                    try (InputStream in = j.getInputStream(x)) {
                        p.load(in);
                    }
                    found = new String[] {p.getProperty("groupId"), p.getProperty("artifactId")};
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
