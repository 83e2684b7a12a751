package io.qvit.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files such as checkpoints, computed once per file version: the cache key is the real
 * path with its size and modification time, so a file rewritten in place is hashed again.
 */
final class FileChecksumCache {
    private record Key(Path path, long size, long modified) {
    }

    private final Map<Key, String> sums = new ConcurrentHashMap<>();

    /** The SHA-256 (hex) of {@code file}. */
    String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        Key key = new Key(real, Files.size(real), Files.getLastModifiedTime(real).toMillis());
        String cached = sums.get(key);
        if (cached != null) {
            return cached;
        }
        String sum = Checksums.file(real);
        sums.put(key, sum);
        return sum;
    }
}
