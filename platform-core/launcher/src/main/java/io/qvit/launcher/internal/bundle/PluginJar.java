package io.qvit.launcher.internal.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.osgi.framework.Version;

/**
 * A plugin bundle read from its jar file without installing it: symbolic name, version, package
 * imports, the qvit plugins its component descriptors declare, and the file's SHA-256. Reading
 * checks every entry, so a truncated or half-copied jar is reported with the reason instead of
 * being skipped silently.
 *
 * @param file the jar
 * @param symbolicName {@code Bundle-SymbolicName} without directives
 * @param version {@code Bundle-Version}
 * @param importPackage {@code Import-Package}, or empty
 * @param plugins the declared plugins
 * @param sha256 lower-case hex SHA-256 of the file
 */
public record PluginJar(Path file, String symbolicName, Version version, String importPackage,
                        List<ProvidedPlugin> plugins, String sha256) {

    /**
     * Reads and checks {@code file}.
     *
     * @param kinds the API interfaces (fully qualified names) that count as plugin kinds
     * @throws InvalidPluginJarException naming the file and what is wrong with it
     */
    public static PluginJar read(Path file, Set<String> kinds) throws InvalidPluginJarException {
        if (Files.isDirectory(file)) {
            throw new InvalidPluginJarException(file, "a folder, not a jar file", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidPluginJarException(file, "no such file", null);
        }
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            String exit = readAllEntries(jar);
            if (exit != null) {
                throw new InvalidPluginJarException(file, exit, null);
            }
            Manifest mf = jar.getManifest();
            if (mf == null) {
                throw new InvalidPluginJarException(file, "not an OSGi bundle: no META-INF/MANIFEST.MF", null);
            }
            Attributes a = mf.getMainAttributes();
            String bsn = a.getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                throw new InvalidPluginJarException(file,
                        "not an OSGi bundle: no Bundle-SymbolicName in META-INF/MANIFEST.MF (build it with bnd)", null);
            }
            bsn = bsn.split(";")[0].trim();
            Version version;
            try {
                version = Version.parseVersion(a.getValue("Bundle-Version"));
            } catch (IllegalArgumentException e) {
                throw new InvalidPluginJarException(file, "invalid Bundle-Version '" + a.getValue("Bundle-Version") + "'", e);
            }
            List<ProvidedPlugin> plugins = new ArrayList<>();
            for (String entry : ComponentDescriptors.entries(a.getValue("Service-Component"))) {
                JarEntry e = jar.getJarEntry(entry);
                if (e == null) {
                    throw new InvalidPluginJarException(file, "Service-Component names " + entry + ", which the jar lacks", null);
                }
                try (InputStream in = jar.getInputStream(e)) {
                    plugins.addAll(ComponentDescriptors.parse(in, entry, kinds));
                }
            }
            String imports = a.getValue("Import-Package");
            return new PluginJar(file, bsn, version, imports == null ? "" : imports, List.copyOf(plugins), sha256(file));
        } catch (ZipException e) {
            throw new InvalidPluginJarException(file, "not a readable jar (" + e.getMessage()
                    + "): truncated, corrupt or still being copied", e);
        } catch (IOException | SecurityException e) {
            throw new InvalidPluginJarException(file, "cannot read the jar: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every entry (which checks sizes and CRCs) and scans the class files for calls that end
     * the JVM ({@link ExitCalls}).
     *
     * @return why the jar must not be started (the first such call), or null
     */
    private static String readAllEntries(JarFile jar) throws IOException {
        byte[] buf = new byte[8192];
        String exit = null;
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry e = entries.nextElement();
            boolean isClass = e.getName().endsWith(".class");
            java.io.ByteArrayOutputStream bytes = isClass ? new java.io.ByteArrayOutputStream() : null;
            try (InputStream in = jar.getInputStream(e)) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (bytes != null) {
                        bytes.write(buf, 0, n);
                    }
                }
            } catch (ZipException ex) {
                throw new ZipException(e.getName() + ": " + ex.getMessage());
            }
            if (bytes != null && exit == null) {
                String call = ExitCalls.find(bytes.toByteArray()).orElse(null);
                if (call != null) {
                    exit = "calls " + call + " (in " + e.getName() + "): a plugin must not end the JVM; not started";
                }
            }
        }
        return exit;
    }

    /** The lower-case hex SHA-256 of {@code file}. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plugin ids this jar declares, as {@code Kind:id}. */
    public List<String> keys() {
        return plugins.stream().map(p -> p.kind() + ":" + p.id()).toList();
    }
}
