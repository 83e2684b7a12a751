package io.qvit.launcher.internal.install;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads plugin jars and indexes from local paths, {@code file:} and {@code http(s):} URLs. */
final class Sources {
    private Sources() {
    }

    /** {@code location} as a URI: a URL as given, anything else as a local path. */
    static URI uri(String location) {
        if (location.matches("^(https?|file):.*")) {
            return URI.create(location);
        }
        return Path.of(location).toAbsolutePath().normalize().toUri();
    }

    static InputStream open(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        URLConnection c = uri.toURL().openConnection();
        c.setConnectTimeout(15_000);
        c.setReadTimeout(60_000);
        return c.getInputStream();
    }

    /** Copies {@code uri} into a new temporary file in {@code dir} (deleted by the caller). */
    static Path fetch(URI uri, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".download-", ".tmp");
        try (InputStream in = open(uri)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }
}
