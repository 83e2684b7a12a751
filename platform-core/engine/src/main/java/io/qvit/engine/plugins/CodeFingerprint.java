package io.qvit.engine.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * SHA-256 of the code a class was loaded from (a jar or a class folder): every entry's name and
 * bytes in name order, the manifest without its build-time lines. A jar rebuilt from the same
 * sources gives the same fingerprint; a changed class gives a new one. Cached per path, size and
 * modification time.
 */
public final class CodeFingerprint {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private CodeFingerprint() {
    }

    /** The fingerprint of the jar or folder {@code type} was loaded from, or "unknown". */
    public static String of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.exists(path) ? of(path) : "unknown";
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException | IOException e) {
            return "unknown";
        }
    }

    /** The fingerprint of a jar file or a class folder. */
    public static String of(Path path) throws IOException {
        String key = path.toAbsolutePath() + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis();
        String cached = CACHE.get(key);
        if (cached != null && !Files.isDirectory(path)) {
            return cached;
        }
        String fingerprint = Files.isDirectory(path) ? folder(path) : jar(path);
        CACHE.put(key, fingerprint);
        return fingerprint;
    }

    private static String jar(Path path) throws IOException {
        MessageDigest sha = sha256();
        try (JarFile jar = new JarFile(path.toFile(), false)) {
            List<JarEntry> entries = new ArrayList<>(jar.stream().filter(e -> !e.isDirectory()).toList());
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry e : entries) {
                try (InputStream in = jar.getInputStream(e)) {
                    update(sha, e.getName(), in.readAllBytes());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String folder(Path root) throws IOException {
        MessageDigest sha = sha256();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            update(sha, root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String name, byte[] bytes) {
        if (name.equals("META-INF/MANIFEST.MF")) {
            StringBuilder kept = new StringBuilder();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
                if (!line.startsWith("Bnd-LastModified") && !line.startsWith("Build-Jdk") && !line.startsWith("Created-By")
                        && !line.startsWith("Built-By") && !line.startsWith("Tool")) {
                    kept.append(line).append('\n');
                }
            }
            bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
        } else if (name.startsWith("META-INF/maven/") && name.endsWith("pom.properties")) {
            return; // carries a build date in older Maven versions
        }
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
